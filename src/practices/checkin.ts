import type { Reply } from '../engine/types.js';
import { consentQuestion, type PendingEntries } from './consent.js';
import { localParts, previousDate } from './time.js';
import { fill, today, zoneOf, type Turn } from './turn.js';

const SPARK = ['▁', '▂', '▄', '▆', '█'];
const DAYS_SHOWN = 14;

/** Reads "3", "3 tired", "4/5 hopeful" into a score and an optional single word. */
export function parseCheckin(args: string): { score: number; word?: string } | undefined {
  const match = /^\s*([1-5])(?:\s*\/\s*5)?(?:\s+([\p{L}'-]{1,30}))?\s*$/u.exec(args);
  if (!match) return undefined;
  return { score: Number(match[1]), ...(match[2] ? { word: match[2].toLowerCase() } : {}) };
}

/** `/checkin` with nothing: the question, with a button for each score. */
export function checkinQuestion(turn: Turn): Reply {
  const words = turn.content.practices.checkin;
  return {
    kind: 'practice',
    text: words.ask,
    buttons: words.labels.map((label, i) => ({
      actionId: 'checkin' as const,
      label,
      value: String(i + 1),
    })),
  };
}

export function recordCheckin(
  turn: Turn,
  score: number,
  word: string | undefined,
  pending: PendingEntries,
): Reply[] {
  const words = turn.content.practices.checkin;
  const answer = words.replies[String(score) as '1' | '2' | '3' | '4' | '5'];
  const keep = turn.practices.settings(turn.userKey).keep;
  if (keep === undefined) {
    pending.add(turn.userKey, { kind: 'checkin', score, ...(word ? { word } : {}) });
    return [{ kind: 'practice', text: answer }, consentQuestion(turn)];
  }
  if (keep === 'yes') {
    turn.practices.addCheckin(turn.userKey, score, word, today(turn), turn.now);
    return [{ kind: 'practice', text: `${answer}\n\n${checkinHistory(turn)}` }];
  }
  return [{ kind: 'practice', text: answer }];
}

/**
 * The last 14 days as a sparkline (one mark a day, · for none) and this week's average: a
 * picture to read at a glance, with no judgement attached.
 */
export function checkinHistory(turn: Turn): string {
  const words = turn.content.practices.checkin;
  const entries = turn.practices.checkins(turn.userKey, 200);
  if (entries.length === 0) return words.no_history;
  const byDay = new Map<string, number[]>();
  for (const e of entries) byDay.set(e.localDate, [...(byDay.get(e.localDate) ?? []), e.score]);
  const days: string[] = [];
  let date = today(turn);
  for (let i = 0; i < DAYS_SHOWN; i += 1) {
    days.unshift(date);
    date = previousDate(date);
  }
  const line = days
    .map((d) => {
      const scores = byDay.get(d);
      if (!scores) return '·';
      const average = scores.reduce((a, b) => a + b, 0) / scores.length;
      return SPARK[Math.round(average) - 1] ?? '·';
    })
    .join('');
  const week = days.slice(-7).flatMap((d) => byDay.get(d) ?? []);
  const zone = zoneOf(turn);
  const first = localParts(Date.parse(`${days[0]}T12:00:00Z`), zone);
  const parts = [`${words.history_header}`, `${line}  (${first.date.slice(5)} → today)`];
  if (week.length > 0) {
    const average = (week.reduce((a, b) => a + b, 0) / week.length).toFixed(1);
    parts.push(fill(words.week_average, { average, count: week.length }));
  }
  return parts.join('\n');
}
