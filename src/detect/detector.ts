import type { CompiledRule, Content } from '../content/load.js';
import { normalize } from './normalize.js';
import { splitSentences } from './sentences.js';

export type MessageKind = 'crisis' | 'harsh' | 'neutral';

/** One rule hitting one place in a message. Offsets are into the original text. */
export interface Hit {
  ruleId: string;
  categoryId: string;
  kind: 'harsh' | 'crisis';
  start: number;
  end: number;
  /** The person's own harsh word, when the pattern captured one as (?<word>...). */
  word?: string;
}

export interface Analysis {
  kind: MessageKind;
  hits: Hit[];
}

/**
 * Caps the work per message. People's messages are far shorter; anything longer is a paste or an
 * attack. Crisis rules still read further than harsh ones, because missing danger costs more.
 */
export const LIMITS = {
  harshChars: 4_000,
  crisisChars: 20_000,
};

export class Detector {
  private readonly crisisRules: CompiledRule[];
  private readonly harshRules: CompiledRule[];

  constructor(content: Pick<Content, 'rules'>) {
    this.crisisRules = content.rules.filter((r) => r.category.kind === 'crisis');
    this.harshRules = content.rules.filter((r) => r.category.kind === 'harsh');
  }

  analyze(original: string): Analysis {
    const normalized = normalize(original.slice(0, LIMITS.crisisChars));
    const sentences = splitSentences(normalized.text);
    const hits: Hit[] = [];
    const toOriginal = (start: number, end: number) => ({
      start: normalized.originalIndex[start] ?? 0,
      end: (normalized.originalIndex[end - 1] ?? 0) + 1,
    });
    for (const sentence of sentences) {
      const rulesHere =
        sentence.start < LIMITS.harshChars
          ? [...this.crisisRules, ...this.harshRules]
          : this.crisisRules;
      for (const rule of rulesHere) {
        const hit = firstHit(rule, sentence.text);
        if (!hit) continue;
        const at = toOriginal(sentence.start + hit.start, sentence.start + hit.end);
        hits.push({
          ruleId: rule.id,
          categoryId: rule.category.id,
          kind: rule.category.kind,
          ...at,
          ...(hit.word ? { word: hit.word } : {}),
        });
      }
    }
    hits.sort((a, b) => a.start - b.start);
    const kind: MessageKind = hits.some((h) => h.kind === 'crisis')
      ? 'crisis'
      : hits.length > 0
        ? 'harsh'
        : 'neutral';
    return { kind, hits };
  }
}

/** The first match of any of the rule's patterns that no exception overlaps. */
export function firstHit(
  rule: Pick<CompiledRule, 'patterns' | 'exceptions'>,
  sentence: string,
): { start: number; end: number; word?: string } | undefined {
  for (const pattern of rule.patterns) {
    // Cheap common case first: most sentences do not match at all.
    if (!pattern.test(sentence)) continue;
    for (const match of sentence.matchAll(globalVersion(pattern))) {
      const start = match.index;
      const end = start + match[0].length;
      if (overlapsException(rule.exceptions, sentence, start, end)) continue;
      return { start, end, word: match.groups?.word };
    }
  }
  return undefined;
}

function overlapsException(
  exceptions: RegExp[],
  sentence: string,
  start: number,
  end: number,
): boolean {
  for (const exception of exceptions) {
    for (const match of sentence.matchAll(globalVersion(exception))) {
      const exStart = match.index;
      const exEnd = exStart + Math.max(match[0].length, 1);
      if (exStart < end && exEnd > start) return true;
    }
  }
  return false;
}

const globalVersions = new WeakMap<RegExp, RegExp>();

/** matchAll needs the g flag; compiled once per pattern rather than per message. */
function globalVersion(pattern: RegExp): RegExp {
  let global = globalVersions.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, `${pattern.flags}g`);
    globalVersions.set(pattern, global);
  }
  return global;
}
