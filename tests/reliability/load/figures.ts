/**
 * What a load run measured, and the one line that prints it. Shared by the load tests (small
 * runs inside `npm test`) and `npm run load` (full size).
 */

export interface LoadFigures {
  messages: number;
  /** Messages answered exactly once. */
  answered: number;
  /** Messages with no answer when the run ended. */
  lost: number;
  /** Messages answered more than once. */
  doubled: number;
  /** From the first message sent to the last answer recorded by the fake. */
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The value below which `p` percent of the sorted samples lie (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? NaN;
}

export function figuresOf(input: {
  messages: number;
  /** How many answers each message got. */
  answerCounts: readonly number[];
  /** Milliseconds from sending each answered message to its (first) answer. */
  latencies: readonly number[];
  startedAt: number;
  endedAt: number;
}): LoadFigures {
  const sorted = [...input.latencies].sort((a, b) => a - b);
  const seconds = (input.endedAt - input.startedAt) / 1000;
  return {
    messages: input.messages,
    answered: input.answerCounts.filter((n) => n === 1).length,
    lost: input.answerCounts.filter((n) => n === 0).length,
    doubled: input.answerCounts.filter((n) => n > 1).length,
    seconds,
    perSecond: input.messages / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
  };
}

export function formatFigures(f: LoadFigures): string {
  const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
  return (
    `${f.answered}/${f.messages} answered exactly once (${f.lost} lost, ${f.doubled} doubled) ` +
    `in ${f.seconds.toFixed(2)} s: ${f.perSecond.toFixed(0)} messages/s; ` +
    `latency p50 ${ms(f.p50Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}`
  );
}
