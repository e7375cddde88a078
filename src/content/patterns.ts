import type { Lexicon } from './schema.js';

const MACRO = /\{([a-z_]+)\}/g;

/**
 * Expands {name} references to lexicon entries into non-capturing alternations, recursively.
 * Throws with a writer-facing message for unknown names and cycles.
 */
export function expandMacros(pattern: string, lexicon: Lexicon, seen: string[] = []): string {
  return pattern.replace(MACRO, (_whole, name: string) => {
    const entry = lexicon[name];
    if (!entry) {
      throw new Error(
        `uses {${name}}, which is not in content/lexicon.yml: add it there or fix the name`,
      );
    }
    if (seen.includes(name)) {
      throw new Error(
        `lexicon entries refer to each other in a loop: ${[...seen, name].join(' → ')}`,
      );
    }
    const alternatives = entry.map((fragment) => expandMacros(fragment, lexicon, [...seen, name]));
    return `(?:${alternatives.join('|')})`;
  });
}

/** Compiles an expanded pattern. No flags: the text is already lowercase, and patterns are too. */
export function compilePattern(expanded: string): RegExp {
  return new RegExp(expanded);
}
