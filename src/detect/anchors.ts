import { RegExpParser, type AST } from '@eslint-community/regexpp';

/**
 * What text a pattern cannot match without: a conjunction of alternatives of literal strings.
 * [["i'm", "i am"], ["stupid", "idiot"]] means: no match unless the sentence contains "i'm" or
 * "i am", and also "stupid" or "idiot". Worked out from the pattern itself, so writers never
 * declare it; the detector uses it to skip patterns that cannot match (most of them, for most
 * sentences), which is where nearly all of its time would otherwise go.
 */
export type Requirement = string[][];

/** Literals shorter than this are in almost every sentence and not worth checking. */
const MIN_LITERAL = 2;

const parser = new RegExpParser({ ecmaVersion: 2024 });

export function requirementOf(source: string): Requirement {
  try {
    const pattern = parser.parsePattern(source, 0, source.length, { unicode: false });
    return disjunction(pattern.alternatives);
  } catch {
    return [];
  }
}

function disjunction(alternatives: AST.Alternative[]): Requirement {
  if (alternatives.length === 1) return sequence(alternatives[0] as AST.Alternative);
  // Every branch must contribute one set; their union is then required.
  const union: string[] = [];
  for (const alternative of alternatives) {
    const best = mostSelective(sequence(alternative));
    if (!best) return [];
    union.push(...best);
  }
  return [dedupe(union)];
}

function sequence(alternative: AST.Alternative): Requirement {
  const required: Requirement = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN_LITERAL) required.push([run]);
    run = '';
  };
  for (const element of alternative.elements) {
    if (element.type === 'Character') {
      run += String.fromCodePoint(element.value);
      continue;
    }
    endRun();
    required.push(...elementRequirement(element));
  }
  endRun();
  return required.filter((set) => set.every((s) => s.length >= MIN_LITERAL));
}

function elementRequirement(element: AST.Element): Requirement {
  switch (element.type) {
    case 'Group':
    case 'CapturingGroup':
      return disjunction(element.alternatives);
    case 'Quantifier':
      return element.min >= 1 ? elementRequirement(element.element) : [];
    default:
      // Assertions, classes, sets and back-references guarantee no literal text.
      return [];
  }
}

/** The set whose shortest literal is longest (rarest), fewest literals breaking ties. */
function mostSelective(requirement: Requirement): string[] | undefined {
  let best: string[] | undefined;
  let bestShortest = 0;
  for (const set of requirement) {
    const shortest = Math.min(...set.map((s) => s.length));
    if (
      !best ||
      shortest > bestShortest ||
      (shortest === bestShortest && set.length < best.length)
    ) {
      best = set;
      bestShortest = shortest;
    }
  }
  return best;
}

function dedupe(strings: string[]): string[] {
  return [...new Set(strings)];
}

/**
 * All anchor literals of all patterns in one trie, so a single pass over a sentence finds every
 * literal it contains, and from those, which literal sets are satisfied. A pattern's requirement
 * becomes a list of set ids; it can match only if all of them are satisfied.
 */
export class AnchorIndex {
  private readonly literalIds = new Map<string, number>();
  /** Trie edges, keyed by node * 65536 + UTF-16 code unit: one flat map is faster than many. */
  private readonly edges = new Map<number, number>();
  private nodes = 1;
  /** Trie node → literal ids ending there. */
  private readonly ending = new Map<number, number[]>();
  private readonly setIds = new Map<string, number>();
  /** Literal id → ids of the sets it belongs to. */
  private readonly setsOfLiteral: number[][] = [];

  /** Registers a requirement; returns the ids of its literal sets, for `satisfied`. */
  add(requirement: Requirement): number[] {
    return requirement.map((set) => this.setIdOf(set));
  }

  private setIdOf(set: string[]): number {
    const key = JSON.stringify([...set].sort());
    const known = this.setIds.get(key);
    if (known !== undefined) return known;
    const id = this.setIds.size;
    this.setIds.set(key, id);
    for (const literal of set) this.setsOfLiteral[this.literalIdOf(literal)]?.push(id);
    return id;
  }

  private literalIdOf(literal: string): number {
    const known = this.literalIds.get(literal);
    if (known !== undefined) return known;
    const id = this.literalIds.size;
    this.literalIds.set(literal, id);
    this.setsOfLiteral.push([]);
    let node = 0;
    for (let i = 0; i < literal.length; i += 1) {
      const key = node * 65536 + literal.charCodeAt(i);
      let next = this.edges.get(key);
      if (next === undefined) {
        next = this.nodes;
        this.nodes += 1;
        this.edges.set(key, next);
      }
      node = next;
    }
    this.ending.set(node, [...(this.ending.get(node) ?? []), id]);
    return id;
  }

  /** The literal sets satisfied by `text` (1 = at least one of the set's literals occurs). */
  scan(text: string): Uint8Array {
    const satisfiedSets = new Uint8Array(this.setIds.size);
    for (let start = 0; start < text.length; start += 1) {
      let node = 0;
      for (let i = start; i < text.length; i += 1) {
        const next = this.edges.get(node * 65536 + text.charCodeAt(i));
        if (next === undefined) break;
        node = next;
        const literals = this.ending.get(node);
        if (!literals) continue;
        for (const literal of literals) {
          for (const set of this.setsOfLiteral[literal] ?? []) satisfiedSets[set] = 1;
        }
      }
    }
    return satisfiedSets;
  }
}

/** True when every literal set a pattern needs is satisfied. */
export function satisfied(setIds: number[], satisfiedSets: Uint8Array): boolean {
  for (const id of setIds) if (satisfiedSets[id] !== 1) return false;
  return true;
}
