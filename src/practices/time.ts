/**
 * Local dates and times in a person's own time zone, with the platform's Intl data (no
 * dependency). Everything is stored as UTC milliseconds; these turn "07:30 in Europe/Dublin"
 * into the next such moment.
 */

export const DEFAULT_TIME_ZONE = 'UTC';

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'long',
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  weekday: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(epochMs: number, zone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  const n = (key: string) => Number(parts[key]);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: parts.weekday ?? '',
    year: n('year'),
    month: n('month'),
    day: n('day'),
    hour: n('hour'),
    minute: n('minute'),
    second: n('second'),
  };
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetAt(epochMs: number, zone: string): number {
  const p = localParts(epochMs, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time on a local date in a zone. */
export function zonedToUtc(
  date: { year: number; month: number; day: number },
  hhmm: string,
  zone: string,
): number {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  const naive = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Two passes settle the offset around daylight-saving changes.
  let guess = naive - offsetAt(naive, zone);
  guess = naive - offsetAt(guess, zone);
  return guess;
}

/** Parses "7:30", "07:30", "7pm", "7:30 pm", "19h" into "HH:MM"; undefined if it is not a time. */
export function parseClock(text: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|h)?$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  const suffix = match[3];
  if (suffix === 'am' || suffix === 'pm') {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** True if a local time falls inside quiet hours (which may wrap midnight, e.g. 22:00-08:00). */
export function inQuietHours(hhmm: string, quiet?: { start: string; end: string }): boolean {
  if (!quiet) return false;
  const t = minutesOf(hhmm);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start <= end ? t >= start && t < end : t >= start || t < end;
}

/**
 * The next moment after `after` when it is `hhmm` in `zone`; a time inside quiet hours moves to
 * the end of them, so a nudge never arrives while the person asked for quiet.
 */
export function nextOccurrence(
  after: number,
  hhmm: string,
  zone: string,
  quiet?: { start: string; end: string },
): number {
  const wanted = inQuietHours(hhmm, quiet) && quiet ? quiet.end : hhmm;
  const today = localParts(after, zone);
  for (let days = 0; days < 3; days += 1) {
    const noon = Date.UTC(today.year, today.month - 1, today.day + days, 12);
    const d = new Date(noon);
    const candidate = zonedToUtc(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
      wanted,
      zone,
    );
    if (candidate > after) return candidate;
  }
  throw new Error('no next occurrence within three days');
}

/** The local calendar date one day before `date` (YYYY-MM-DD). */
export function previousDate(date: string): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
