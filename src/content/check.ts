import { Detector } from '../detect/detector.js';
import type { CompiledRule, Content } from './load.js';

export interface ExampleFailure {
  ruleId: string;
  file: string;
  example: string;
  problem: string;
}

/** Splits "I'm [so stupid] today" into the plain text and the marked spans (offsets in it). */
export function parseMarkedExample(marked: string): {
  text: string;
  spans: { start: number; end: number }[];
} {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  let open = -1;
  for (const c of marked) {
    if (c === '[') open = text.length;
    else if (c === ']' && open >= 0) {
      spans.push({ start: open, end: text.length });
      open = -1;
    } else text += c;
  }
  return { text, spans };
}

/**
 * Runs every rule's own examples, each rule on its own: a match example must be hit and the hit
 * must cover each marked span; a no_match example must not be hit by that rule.
 */
export function checkExamples(content: Pick<Content, 'rules'>): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of content.rules) failures.push(...checkRule(rule));
  return failures;
}

function checkRule(rule: CompiledRule): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  const alone = new Detector({ rules: [rule] });
  const fail = (example: string, problem: string) =>
    failures.push({ ruleId: rule.id, file: rule.file, example, problem });
  for (const marked of rule.source.examples.match) {
    const { text, spans } = parseMarkedExample(marked);
    const hits = alone.analyze(text).hits;
    if (hits.length === 0) {
      fail(marked, 'should match but no pattern hit it (or an exception removed the hit)');
      continue;
    }
    for (const span of spans) {
      if (!hits.some((h) => h.start <= span.start && h.end >= span.end)) {
        const got = hits.map((h) => `"${text.slice(h.start, h.end)}"`).join(', ');
        fail(marked, `hit ${got} does not cover the marked "${text.slice(span.start, span.end)}"`);
      }
    }
  }
  for (const example of rule.source.examples.no_match) {
    const hits = alone.analyze(example).hits;
    if (hits.length > 0) {
      fail(
        example,
        `should not match but hit "${example.slice(hits[0]?.start, hits[0]?.end)}": add an exception or tighten the pattern`,
      );
    }
  }
  return failures;
}
