import type { CompiledRule, Content } from '../content/load.js';
import { AnchorIndex, requirementOf, satisfied } from './anchors.js';
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
  /** Literal text each pattern needs (see anchors.ts), to skip patterns that cannot match. */
  private readonly anchors = new AnchorIndex();
  private readonly needs = new Map<CompiledRule, number[][]>();

  constructor(content: Pick<Content, 'rules'>) {
    this.crisisRules = content.rules.filter((r) => r.category.kind === 'crisis');
    this.harshRules = content.rules.filter((r) => r.category.kind === 'harsh');
    for (const rule of content.rules) {
      this.needs.set(
        rule,
        rule.patterns.map((p) => this.anchors.add(requirementOf(p.source))),
      );
    }
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
      const found = this.anchors.scan(window.text);
      for (const rule of this.crisisRules) {
        const hit = this.hitIn(rule, window.text, found);
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

  /** The first hit of a rule in a sentence, trying only patterns whose literals are present. */
  private hitIn(rule: CompiledRule, sentence: string, found: Uint8Array) {
    const needs = this.needs.get(rule) ?? [];
    return firstHit(rule, sentence, (_pattern, index) => satisfied(needs[index] ?? [], found));
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
      const found = this.anchors.scan(sentence.text);
      for (const rule of rulesHere) {
        const hit = this.hitIn(rule, sentence.text, found);
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
  possible: (pattern: RegExp, index: number) => boolean = () => true,
): { start: number; end: number; word?: string } | undefined {
  for (let index = 0; index < rule.patterns.length; index += 1) {
    const pattern = rule.patterns[index] as RegExp;
    // Cheap common cases first: most patterns cannot match, and most others do not.
    if (!possible(pattern, index) || !pattern.test(sentence)) continue;
    const global = globalVersion(pattern);
    global.lastIndex = 0;
    for (let match = global.exec(sentence); match; match = global.exec(sentence)) {
      const start = match.index;
      const end = start + match[0].length;
      if (end === start) global.lastIndex += 1;
      if (!overlapsException(rule.exceptions, sentence, start, end)) {
        return { start, end, word: match.groups?.word };
      }
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
    if (!exception.test(sentence)) continue;
    const global = globalVersion(exception);
    global.lastIndex = 0;
    for (let match = global.exec(sentence); match; match = global.exec(sentence)) {
      const exStart = match.index;
      const exEnd = exStart + Math.max(match[0].length, 1);
      if (match[0].length === 0) global.lastIndex += 1;
      if (exStart < end && exEnd > start) return true;
      if (exStart >= end) break;
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
