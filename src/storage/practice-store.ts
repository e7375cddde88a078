import type { Db } from './database.js';

export interface PersonSettings {
  welcomed: boolean;
  keep?: 'yes' | 'no';
  memories: boolean;
  paused: boolean;
  timezone?: string;
  quiet?: { start: string; end: string };
  country?: string;
}

export interface ProudNote {
  note: string;
  localDate: string;
  createdAt: number;
}

export interface Checkin {
  score: number;
  word?: string;
  localDate: string;
  createdAt: number;
}

export interface Reminder {
  id: number;
  userKey: string;
  ritualId: string;
  localTime: string;
  nextDueAt: number;
}

/**
 * The practices' rows: settings, proud notes, check-ins, reflections in progress and reminders.
 * Proud notes and check-in words are the only text Tend ever stores, and only with the person's yes.
 */
export class PracticeStore {
  constructor(readonly db: Db) {}

  settings(userKey: string): PersonSettings {
    const row = this.db
      .prepare(
        `SELECT welcomed, keep, memories, paused, timezone, quiet_start, quiet_end, country FROM users WHERE user_key = ?`,
      )
      .get(userKey) as
      | {
          welcomed: number;
          keep: 'yes' | 'no' | null;
          memories: number;
          paused: number;
          timezone: string | null;
          quiet_start: string | null;
          quiet_end: string | null;
          country: string | null;
        }
      | undefined;
    if (!row) return { welcomed: false, memories: true, paused: false };
    return {
      welcomed: row.welcomed === 1,
      keep: row.keep ?? undefined,
      memories: row.memories === 1,
      paused: row.paused === 1,
      timezone: row.timezone ?? undefined,
      quiet:
        row.quiet_start && row.quiet_end
          ? { start: row.quiet_start, end: row.quiet_end }
          : undefined,
      country: row.country ?? undefined,
    };
  }

  /** Sets one of the person's choices; the column names are fixed here, never taken from input. */
  set(userKey: string, setting: 'welcomed' | 'memories' | 'paused', value: boolean): void {
    const column = { welcomed: 'welcomed', memories: 'memories', paused: 'paused' }[setting];
    this.db
      .prepare(`UPDATE users SET ${column} = ? WHERE user_key = ?`)
      .run(value ? 1 : 0, userKey);
  }

  setKeep(userKey: string, keep: 'yes' | 'no'): void {
    this.db.prepare(`UPDATE users SET keep = ? WHERE user_key = ?`).run(keep, userKey);
  }

  setTimezone(userKey: string, zone: string): void {
    this.db.prepare(`UPDATE users SET timezone = ? WHERE user_key = ?`).run(zone, userKey);
  }

  setQuiet(userKey: string, quiet: { start: string; end: string } | undefined): void {
    this.db
      .prepare(`UPDATE users SET quiet_start = ?, quiet_end = ? WHERE user_key = ?`)
      .run(quiet?.start ?? null, quiet?.end ?? null, userKey);
  }

  addProudNote(userKey: string, note: string, localDate: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO proud_notes (user_key, note, local_date, created_at) VALUES (?, ?, ?, ?)`,
      )
      .run(userKey, note, localDate, now);
  }

  proudNotes(userKey: string, limit = 1000): ProudNote[] {
    return this.db
      .prepare(
        `SELECT note, local_date AS localDate, created_at AS createdAt FROM proud_notes
         WHERE user_key = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(userKey, limit) as ProudNote[];
  }

  /** Distinct local dates with a proud note, newest first (for the streak). */
  proudDates(userKey: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT local_date AS d FROM proud_notes WHERE user_key = ? ORDER BY local_date DESC LIMIT 400`,
        )
        .all(userKey) as { d: string }[]
    ).map((r) => r.d);
  }

  addCheckin(
    userKey: string,
    score: number,
    word: string | undefined,
    localDate: string,
    now: number,
  ): void {
    this.db
      .prepare(
        `INSERT INTO checkins (user_key, score, word, local_date, created_at) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(userKey, score, word ?? null, localDate, now);
  }

  checkins(userKey: string, limit = 1000): Checkin[] {
    return (
      this.db
        .prepare(
          `SELECT score, word, local_date AS localDate, created_at AS createdAt FROM checkins
           WHERE user_key = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .all(userKey, limit) as (Checkin & { word: string | null })[]
    ).map((c) => ({ ...c, word: c.word ?? undefined }));
  }

  reflection(userKey: string): { reflectionId: string; step: number } | undefined {
    return this.db
      .prepare(`SELECT reflection_id AS reflectionId, step FROM reflections WHERE user_key = ?`)
      .get(userKey) as { reflectionId: string; step: number } | undefined;
  }

  setReflection(userKey: string, reflectionId: string, step: number, now: number): void {
    this.db
      .prepare(
        `INSERT INTO reflections (user_key, reflection_id, step, started_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_key) DO UPDATE SET reflection_id = excluded.reflection_id, step = excluded.step`,
      )
      .run(userKey, reflectionId, step, now);
  }

  endReflection(userKey: string): void {
    this.db.prepare(`DELETE FROM reflections WHERE user_key = ?`).run(userKey);
  }

  upsertReminder(
    userKey: string,
    ritualId: string,
    localTime: string,
    nextDueAt: number,
    now: number,
  ): void {
    this.db
      .prepare(
        `INSERT INTO reminders (user_key, ritual_id, local_time, next_due_at, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_key, ritual_id) DO UPDATE SET local_time = excluded.local_time, next_due_at = excluded.next_due_at`,
      )
      .run(userKey, ritualId, localTime, nextDueAt, now);
  }

  reminders(userKey: string): Reminder[] {
    return this.db
      .prepare(
        `SELECT id, user_key AS userKey, ritual_id AS ritualId, local_time AS localTime, next_due_at AS nextDueAt
         FROM reminders WHERE user_key = ? ORDER BY local_time`,
      )
      .all(userKey) as Reminder[];
  }

  deleteReminder(userKey: string, ritualId: string): boolean {
    return (
      this.db
        .prepare(`DELETE FROM reminders WHERE user_key = ? AND ritual_id = ?`)
        .run(userKey, ritualId).changes > 0
    );
  }

  /**
   * Claims every reminder due at `now` in one transaction: records a delivery for its due time
   * (the primary key makes that once per due time, across restarts) and moves it to its next time.
   * Returns every delivery not yet marked sent and not older than `graceMs`: the new ones, and any
   * claimed before a crash but never sent. Older unsent ones are dropped: a nudge hours late helps
   * nobody.
   */
  claimDueReminders(
    now: number,
    nextDue: (reminder: Reminder) => number,
    graceMs: number,
  ): { reminder: Reminder; dueAt: number }[] {
    return this.db.transaction(() => {
      const due = this.db
        .prepare(
          `SELECT id, user_key AS userKey, ritual_id AS ritualId, local_time AS localTime, next_due_at AS nextDueAt
           FROM reminders WHERE next_due_at <= ? ORDER BY next_due_at`,
        )
        .all(now) as Reminder[];
      for (const reminder of due) {
        if (reminder.nextDueAt >= now - graceMs) {
          this.db
            .prepare(
              `INSERT OR IGNORE INTO reminder_deliveries (reminder_id, due_at) VALUES (?, ?)`,
            )
            .run(reminder.id, reminder.nextDueAt);
        }
        this.db
          .prepare(`UPDATE reminders SET next_due_at = ? WHERE id = ?`)
          .run(nextDue(reminder), reminder.id);
      }
      this.db
        .prepare(
          `DELETE FROM reminder_deliveries WHERE due_at < ? AND (sent_at IS NULL OR due_at < ?)`,
        )
        .run(now - graceMs, now - 7 * 86_400_000);
      return (
        this.db
          .prepare(
            `SELECT r.id, r.user_key AS userKey, r.ritual_id AS ritualId, r.local_time AS localTime,
                    r.next_due_at AS nextDueAt, d.due_at AS dueAt
             FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
             WHERE d.sent_at IS NULL ORDER BY d.due_at`,
          )
          .all() as (Reminder & { dueAt: number })[]
      ).map(({ dueAt, ...reminder }) => ({ reminder, dueAt }));
    })();
  }

  markDelivered(reminderId: number, dueAt: number, now: number): void {
    this.db
      .prepare(`UPDATE reminder_deliveries SET sent_at = ? WHERE reminder_id = ? AND due_at = ?`)
      .run(now, reminderId, dueAt);
  }

  /** Counts of everything held about a person, for /tend privacy. */
  counts(userKey: string): {
    proud: number;
    checkins: number;
    reminders: number;
    reflection: boolean;
  } {
    const count = (table: string) =>
      (
        this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE user_key = ?`).get(userKey) as {
          n: number;
        }
      ).n;
    return {
      proud: count('proud_notes'),
      checkins: count('checkins'),
      reminders: count('reminders'),
      reflection: count('reflections') > 0,
    };
  }

  /** Every row about a person, table by table, for /tend export. */
  exportAll(userKey: string): Record<string, unknown[]> {
    const rows = (sql: string) => this.db.prepare(sql).all(userKey);
    return {
      person: rows(`SELECT * FROM users WHERE user_key = ?`),
      proud_notes: rows(
        `SELECT note, local_date, created_at FROM proud_notes WHERE user_key = ? ORDER BY created_at`,
      ),
      checkins: rows(
        `SELECT score, word, local_date, created_at FROM checkins WHERE user_key = ? ORDER BY created_at`,
      ),
      reminders: rows(
        `SELECT ritual_id, local_time, next_due_at, created_at FROM reminders WHERE user_key = ?`,
      ),
      reflection_in_progress: rows(
        `SELECT reflection_id, step, started_at FROM reflections WHERE user_key = ?`,
      ),
      recent_reframes: rows(
        `SELECT reframe_id, used_at FROM recent_reframes WHERE user_key = ? ORDER BY used_at`,
      ),
      last_reply: rows(
        `SELECT rule_ids, category_id, reframe_id, at FROM last_reply WHERE user_key = ?`,
      ),
    };
  }

  /** Deletes the person; every other table refers to users with ON DELETE CASCADE. */
  forget(userKey: string): void {
    this.db.prepare(`DELETE FROM users WHERE user_key = ?`).run(userKey);
  }

  /** Deletes everyone inactive since `cutoff` (the retention job). Returns how many. */
  forgetInactive(cutoff: number): number {
    return this.db.prepare(`DELETE FROM users WHERE last_seen < ?`).run(cutoff).changes;
  }
}
