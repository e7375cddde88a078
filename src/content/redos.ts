import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { check, type AttackPattern } from 'recheck';
import { SENTENCE_WINDOW } from '../detect/sentences.js';
import { timeRegex } from './regex-timing.js';

/**
 * Catastrophic-backtracking (ReDoS) check for content patterns, with recheck.
 *
 * recheck takes a fraction of a second per pattern, too slow to repeat for every pattern at
 * every start. Patterns it has judged are remembered by a hash of their expanded source in
 * content/patterns.checked.json (written by `tend content check`), so only new or edited
 * patterns are checked at start-up. Editing a pattern changes its hash, so nothing unchecked
 * can slip through the cache.
 */

/**
 * safe: recheck found no super-linear backtracking. bounded: recheck suspected some, but on its
 * own attack string cut to the longest text a pattern ever sees (one sentence window, see
 * detect/sentences.ts) the pattern still finishes within BOUNDED_MS. vulnerable: refused.
 * unknown: recheck gave up within its time limit; accepted, since the window cap bounds the work.
 */
export type PatternVerdict = 'safe' | 'bounded' | 'vulnerable' | 'unknown';

/** A pattern may take at most this long on its worst input of one window's length. */
const BOUNDED_MS = 5;

/** Recheck's attack, rebuilt to be `length` characters long: prefixes, pumps repeated, suffix. */
function attackOfLength(attack: AttackPattern, length: number): string {
  const fixed = attack.pumps.reduce((n, p) => n + p.prefix.length, 0) + attack.suffix.length;
  const perPump = Math.max(1, Math.floor((length - fixed) / Math.max(1, attack.pumps.length)));
  const pumped = attack.pumps.map(
    (p) => p.prefix + p.pump.repeat(Math.max(1, Math.floor(perPump / Math.max(1, p.pump.length)))),
  );
  return pumped.join('') + attack.suffix;
}

export interface CheckedPatterns {
  verdicts: Record<string, PatternVerdict>;
}

export const CHECKED_PATTERNS_FILE = 'patterns.checked.json';

export function patternHash(expanded: string): string {
  return createHash('sha256').update(expanded).digest('hex').slice(0, 24);
}

export function readCheckedPatterns(path: string): CheckedPatterns {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as CheckedPatterns;
    return { verdicts: parsed.verdicts ?? {} };
  } catch {
    return { verdicts: {} };
  }
}

export function writeCheckedPatterns(path: string, checked: CheckedPatterns): void {
  const sorted = Object.fromEntries(
    Object.entries(checked.verdicts).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(path, `${JSON.stringify({ verdicts: sorted }, null, 2)}\n`);
}

/** Returns a verdict for every expanded pattern, checking (in parallel) only the ones not cached. */
export async function judgePatterns(
  expandedPatterns: string[],
  cache: CheckedPatterns,
): Promise<{
  verdicts: Map<string, PatternVerdict>;
  newlyChecked: number;
  attack: Map<string, string>;
}> {
  const verdicts = new Map<string, PatternVerdict>();
  const attack = new Map<string, string>();
  const unchecked = [...new Set(expandedPatterns)].filter((p) => {
    const cached = cache.verdicts[patternHash(p)];
    if (cached) verdicts.set(p, cached);
    return !cached;
  });
  // A few at a time: recheck's fuzzing is time-boxed, and a crowded machine makes it guess worse.
  await inBatches(unchecked, 4, async (pattern) => {
    const diagnostics = await check(pattern, '', { timeout: 5_000, randomSeed: 1 });
    let verdict: PatternVerdict = diagnostics.status;
    if (diagnostics.status === 'vulnerable') {
      // Exponential is catastrophic at any length; anything else is measured at our length.
      const input = attackOfLength(diagnostics.attack, SENTENCE_WINDOW);
      const ms =
        diagnostics.complexity.type === 'exponential'
          ? Infinity
          : await timeRegex(pattern, input, 2_000);
      if (ms <= BOUNDED_MS) verdict = 'bounded';
      else
        attack.set(
          pattern,
          `${diagnostics.complexity.summary}, slow on input like ${diagnostics.attack.pattern}`,
        );
    }
    verdicts.set(pattern, verdict);
    cache.verdicts[patternHash(pattern)] = verdict;
  });
  return { verdicts, newlyChecked: unchecked.length, attack };
}

async function inBatches<T>(
  items: T[],
  size: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
}
