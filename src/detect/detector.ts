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

interface RulePattern {
  rule: CompiledRule;
  regex: RegExp;
  needs: number[];
}

export class Detector {
  private readonly crisisRules: CompiledRule[];
  private readonly harshRules: CompiledRule[];
  /** Literal text each pattern needs (see anchors.ts), to skip patterns that cannot match. */
  private readonly anchors = new AnchorIndex();
  /** Every pattern in rule order, crisis rules first, with the literal sets it needs. */
  private readonly allPatterns: RulePattern[];
  private readonly crisisPatterns: RulePattern[];

  constructor(content: Pick<Content, 'rules'>) {
    this.crisisRules = content.rules.filter((r) => r.category.kind === 'crisis');
    this.harshRules = content.rules.filter((r) => r.category.kind === 'harsh');
    const flatten = (rules: CompiledRule[]) =>
      rules.flatMap((rule) =>
        rule.patterns.map((regex) => ({
          rule,
          regex,
          needs: this.anchors.add(requirementOf(regex.source)),
        })),
      );
    this.crisisPatterns = flatten(this.crisisRules);
    this.allPatterns = [...this.crisisPatterns, ...flatten(this.harshRules)];
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
      for (const hit of this.hitsIn(window.text, this.crisisPatterns)) {
        hits.push({
          ruleId: hit.rule.id,
          categoryId: hit.rule.category.id,
          kind: 'crisis',
          ...toOriginal(window.start + hit.start, window.start + hit.end),
        });
      }
    }
    return hits;
  }

  /**
   * Each rule's first hit in one sentence. Only patterns whose literals the sentence contains
   * run at all (see anchors.ts); a rule stops at its first hit that no exception overlaps.
   */
  private hitsIn(
    sentence: string,
    patterns: RulePattern[],
  ): { rule: CompiledRule; start: number; end: number; word?: string }[] {
    const found = this.anchors.scan(sentence);
    const hits: { rule: CompiledRule; start: number; end: number; word?: string }[] = [];
    let done: CompiledRule | undefined;
    for (const { rule, regex, needs } of patterns) {
      if (rule === done || !satisfied(needs, found)) continue;
      const hit = firstHit({ patterns: [regex], exceptions: rule.exceptions }, sentence);
      if (!hit) continue;
      hits.push({ rule, ...hit });
      done = rule;
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
      const patterns = sentence.start < LIMITS.harshChars ? this.allPatterns : this.crisisPatterns;
      for (const hit of this.hitsIn(sentence.text, patterns)) {
        hits.push({
          ruleId: hit.rule.id,
          categoryId: hit.rule.category.id,
          kind: hit.rule.category.kind,
          ...toOriginal(sentence.start + hit.start, sentence.start + hit.end),
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
