import { normalize } from '../detect/normalize.js';
import { pick, seededRandom } from '../engine/random.js';
import type { Reply } from '../engine/types.js';
import { consentQuestion, type PendingEntries } from './consent.js';
import { localParts, previousDate } from './time.js';
import { defuseMentions, fill, today, zoneOf, type Turn } from './turn.js';

/** A proud note is kept as the person wrote it, up to this length. */
const NOTE_MAX_CHARS = 500;

/** "I'm proud that I ...", "I'm proud of myself for ...", "proud of myself today: ..." */
const PROUD_MESSAGE =
  /^(?:(?:today|honestly|ok|okay|so),? )?(?:i'?m|i am|i feel) (?:really |so |actually |kind of |kinda |a bit |a little )?proud (?:of myself )?(?:that |for |because |today |of myself)/;

/** The opening words are all PROUD_MESSAGE reads; normalizing a 100 KB message whole is slow. */
const OPENING_CHARS = 200;

/** The note inside a proud message, in the person's own words, or undefined if it is not one. */
export function proudNoteIn(text: string): string | undefined {
  const opening = text.slice(0, OPENING_CHARS);
  const normalized = normalize(opening);
  const match = PROUD_MESSAGE.exec(normalized.text);
  if (!match) return undefined;
  // Past the end of what was normalized, the note starts where the opening stopped.
  const start = normalized.originalIndex[match[0].length] ?? opening.length;
  const note = text.slice(start).trim();
  return note.length > 0 ? note : undefined;
}

export function cleanNote(note: string): string {
  const cut = defuseMentions(note.replace(/\s+/g, ' ').trim()).slice(0, NOTE_MAX_CHARS);
  // A cut through an emoji would keep half of it: a broken character, shown back as "�".
  return cut.replace(/[\uD800-\uDBFF]$/, '');
}

/** Saves (with consent) or acknowledges one proud note. */
export function recordProud(turn: Turn, rawNote: string, pending: PendingEntries): Reply[] {
  const words = turn.content.practices.proud;
  const note = cleanNote(rawNote);
  const random = seededRandom(`${turn.seed}:proud`);
  const keep = turn.practices.settings(turn.userKey).keep;
  if (keep === undefined) {
    pending.add(turn.userKey, { kind: 'proud', note });
    return [{ kind: 'practice', text: pick(words.received, random) }, consentQuestion(turn)];
  }
  if (keep === 'no') return [{ kind: 'practice', text: pick(words.not_saved, random) }];
  turn.practices.addProudNote(turn.userKey, note, today(turn), turn.now);
  return [{ kind: 'practice', text: `${pick(words.saved, random)} ${streakText(turn)}` }];
}

export function streakText(turn: Turn): string {
  const words = turn.content.practices.proud;
  const streak = proudStreak(turn);
  return streak <= 1 ? words.streak_one : fill(words.streak_many, { streak });
}

/** Days in a row, ending today or yesterday, with at least one proud note. */
export function proudStreak(turn: Turn): number {
  const dates = turn.practices.proudDates(turn.userKey);
  let expected = today(turn);
  if (dates[0] !== expected) expected = previousDate(expected);
  let streak = 0;
  for (const date of dates) {
    if (date !== expected) break;
    streak += 1;
    expected = previousDate(expected);
  }
  return streak;
}

/** `/proud` with nothing after it: the streak and the last few notes, or an invitation. */
export function proudHistory(turn: Turn): Reply {
  const words = turn.content.practices.proud;
  const notes = turn.practices.proudNotes(turn.userKey, 5);
  if (notes.length === 0) {
    return { kind: 'practice', text: `${words.empty}\n${words.ask}` };
  }
  const zone = zoneOf(turn);
  const lines = notes.map((n) => {
    const when = localParts(n.createdAt, zone);
    return `• ${when.weekday.slice(0, 3)} ${when.date}: ${n.note}`;
  });
  const count = turn.practices.counts(turn.userKey).proud;
  return {
    kind: 'practice',
    text: `${fill(words.history_header, { count, streak: proudStreak(turn) })}\n${lines.join('\n')}`,
  };
}

/**
 * On a hard day, one of the person's own earlier notes, if they keep notes, allow memories and
 * are not paused. Returns undefined when there is nothing to bring back.
 */
export function proudMemory(turn: Turn): string | undefined {
  const settings = turn.practices.settings(turn.userKey);
  if (settings.keep !== 'yes' || !settings.memories || settings.paused) return undefined;
  const day = today(turn);
  const earlier = turn.practices.proudNotes(turn.userKey, 30).filter((n) => n.localDate !== day);
  if (earlier.length === 0) return undefined;
  const note = pick(earlier, seededRandom(`${turn.seed}:memory`));
  const weekday = localParts(note.createdAt, zoneOf(turn)).weekday;
  return fill(turn.content.practices.proud.memory, { weekday, note: lowerFirst(note.note) });
}

function lowerFirst(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
