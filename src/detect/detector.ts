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
    this.warmUp();
  }

  /**
   * V8 compiles a regular expression on first use, and the expanded patterns are large: without
   * this, the first person to write would wait over half a second. Each pattern and exception
   * runs a few times here, so compilation happens at start-up instead.
   */
  private warmUp(): void {
    const samples = [
      "i'm so stupid and i'll never be enough",
      'everyone hates me, it is all my fault',
    ];
    for (const rule of [...this.crisisRules, ...this.harshRules]) {
      for (const regex of [...rule.patterns, ...rule.exceptions]) {
        for (const sample of samples) regex.test(sample);
      }
    }
  }

  /**
   * A safety net for crisis phrases a full stop split ("I want it all to stop. Forever."): the
   * crisis rules run once more over the message with its sentence breaks read as spaces.
   */
  private crisisAcrossSentences(
    text: string,
    toOriginal: (start: number, end: number) => { start: number; end: number },
  ): Hit[] {
    const joined = text.replace(/[.!?;…\n]/g, ' ');
    const hits: Hit[] = [];
    for (const window of splitSentences(joined)) {
      for (const rule of this.crisisRules) {
        const hit = firstHit(rule, window.text);
        if (!hit) continue;
        hits.push({
          ruleId: rule.id,
          categoryId: rule.category.id,
          kind: 'crisis',
          ...toOriginal(window.start + hit.start, window.start + hit.end),
        });
      }
    }
    return hits;
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
    if (!hits.some((h) => h.kind === 'crisis') && sentences.length > 1) {
      hits.push(...this.crisisAcrossSentences(normalized.text, toOriginal));
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
