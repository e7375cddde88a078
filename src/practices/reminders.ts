import type { Person, Reply } from '../engine/types.js';
import { checkinQuestion } from './checkin.js';
import { isValidTimeZone, nextOccurrence, parseClock } from './time.js';
import { fill, zoneOf, type Turn } from './turn.js';

/** A nudge claimed for sending; call `delivered` once the platform accepted it. */
export interface DueNudge {
  person: Person;
  replies: Reply[];
  delivered(): void;
}

/** A reminder due while the bot was down is still sent if it is at most this late. */
export const REMINDER_GRACE_MS = 2 * 60 * 60 * 1000;

/** `/tend remind <ritual> <time> [zone]`, `/tend remind stop <ritual>`, `/tend remind` (list). */
export function remindCommand(turn: Turn, args: string): Reply {
  const words = turn.content.practices.rituals;
  const [first = '', second = '', third = ''] = args.trim().split(/\s+/);
  const ritualIds = words.items.map((r) => r.id);
  if (first === '' || first === 'list') return listReminders(turn);
  if (first === 'stop' || first === 'off') return stopReminder(turn, second);
  const ritual = words.items.find((r) => r.id === first.toLowerCase());
  if (!ritual) return { kind: 'practice', text: fill(words.usage, { ids: ritualIds.join('|') }) };
  const time = parseClock(second);
  if (!time) return { kind: 'practice', text: words.bad_time };
  if (third) {
    if (!isValidTimeZone(third))
      return { kind: 'practice', text: fill(words.bad_zone, { zone: third }) };
    turn.practices.setTimezone(turn.userKey, third);
  }
  const zone = zoneOf(turn);
  const settings = turn.practices.settings(turn.userKey);
  turn.practices.upsertReminder(
    turn.userKey,
    ritual.id,
    time,
    nextOccurrence(turn.now, time, zone, settings.quiet),
    turn.now,
  );
  const paused = settings.paused ? ` ${words.paused_note}` : '';
  return {
    kind: 'practice',
    text: `${fill(words.set, { ritual: ritual.name, time, zone, id: ritual.id })}${paused}`,
  };
}

export function stopReminder(turn: Turn, ritualId: string): Reply {
  const words = turn.content.practices.rituals;
  const ritual = words.items.find((r) => r.id === ritualId.toLowerCase());
  if (!ritual || !turn.practices.deleteReminder(turn.userKey, ritual.id))
    return listReminders(turn);
  return { kind: 'practice', text: fill(words.stopped, { ritual: ritual.name }) };
}

export function listReminders(turn: Turn): Reply {
  const words = turn.content.practices.rituals;
  const reminders = turn.practices.reminders(turn.userKey);
  if (reminders.length === 0) return { kind: 'practice', text: words.none };
  const zone = zoneOf(turn);
  const name = (id: string) => words.items.find((r) => r.id === id)?.name ?? id;
  const lines = reminders.map(
    (r) => `• ${name(r.ritualId)} at ${r.localTime} (${zone}): /tend remind stop ${r.ritualId}`,
  );
  return { kind: 'practice', text: `${words.list_header}\n${lines.join('\n')}` };
}

export function timezoneCommand(turn: Turn, args: string): Reply {
  const words = turn.content.practices.rituals;
  const zone = args.trim();
  if (!zone || !isValidTimeZone(zone))
    return { kind: 'practice', text: fill(words.bad_zone, { zone }) };
  turn.practices.setTimezone(turn.userKey, zone);
  rescheduleAll(turn);
  return { kind: 'practice', text: fill(words.zone_set, { zone }) };
}

export function quietCommand(turn: Turn, args: string): Reply {
  const words = turn.content.practices.rituals;
  const [start = '', end = ''] = args.trim().split(/[\s-]+/);
  if (start === 'off') {
    turn.practices.setQuiet(turn.userKey, undefined);
    rescheduleAll(turn);
    return { kind: 'practice', text: words.quiet_off };
  }
  const from = parseClock(start);
  const to = parseClock(end);
  if (!from || !to) return { kind: 'practice', text: words.quiet_usage };
  turn.practices.setQuiet(turn.userKey, { start: from, end: to });
  rescheduleAll(turn);
  return { kind: 'practice', text: fill(words.quiet_set, { start: from, end: to }) };
}

/** After a time-zone or quiet-hours change, every reminder moves to its new next time. */
function rescheduleAll(turn: Turn): void {
  const zone = zoneOf(turn);
  const quiet = turn.practices.settings(turn.userKey).quiet;
  for (const r of turn.practices.reminders(turn.userKey)) {
    turn.practices.upsertReminder(
      turn.userKey,
      r.ritualId,
      r.localTime,
      nextOccurrence(turn.now, r.localTime, zone, quiet),
      turn.now,
    );
  }
}

/** The nudge for one ritual: its words, a one-tap stop, and score buttons for a check-in. */
export function nudgeReplies(turn: Turn, ritualId: string): Reply[] {
  const words = turn.content.practices.rituals;
  const ritual = words.items.find((r) => r.id === ritualId);
  const stop = { actionId: 'stop-reminder' as const, label: words.stop_label, value: ritualId };
  if (ritualId === 'checkin') {
    const question = checkinQuestion(turn);
    return [
      {
        kind: 'nudge',
        text: ritual?.nudge ?? question.text,
        buttons: [...(question.buttons ?? []), stop],
      },
    ];
  }
  return [{ kind: 'nudge', text: ritual?.nudge ?? ritualId, buttons: [stop] }];
}
