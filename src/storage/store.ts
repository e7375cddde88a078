import type { Db } from './database.js';

export interface LastReply {
  ruleIds: string[];
  categoryId: string;
  reframeId?: string;
}

export interface UserRecord {
  userKey: string;
  turns: number;
  country?: string;
  firstSeen: number;
}

/**
 * Everything the engine remembers about a person, behind small named queries. Holds ids,
 * counts and times; never what the person wrote.
 */
export class Store {
  private readonly statements;

  constructor(readonly db: Db) {
    this.statements = {
      touch: db.prepare(
        `INSERT INTO users (user_key, platform, first_seen, last_seen, turns) VALUES (?, ?, ?, ?, 1)
         ON CONFLICT (user_key) DO UPDATE SET last_seen = excluded.last_seen, turns = turns + 1
         RETURNING user_key AS userKey, turns, country, first_seen AS firstSeen`,
      ),
      getUser: db.prepare(
        `SELECT user_key AS userKey, turns, country, first_seen AS firstSeen FROM users WHERE user_key = ?`,
      ),
      setCountry: db.prepare(`UPDATE users SET country = ? WHERE user_key = ?`),
      recent: db.prepare(
        `SELECT reframe_id AS id FROM recent_reframes WHERE user_key = ? ORDER BY used_at DESC, rowid DESC LIMIT ?`,
      ),
      useReframe: db.prepare(
        `INSERT INTO recent_reframes (user_key, reframe_id, used_at) VALUES (?, ?, ?)
         ON CONFLICT (user_key, reframe_id) DO UPDATE SET used_at = excluded.used_at`,
      ),
      trimRecent: db.prepare(
        `DELETE FROM recent_reframes WHERE user_key = ? AND reframe_id NOT IN
         (SELECT reframe_id FROM recent_reframes WHERE user_key = ? ORDER BY used_at DESC LIMIT 50)`,
      ),
      setLast: db.prepare(
        `INSERT INTO last_reply (user_key, rule_ids, category_id, reframe_id, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_key) DO UPDATE SET rule_ids = excluded.rule_ids,
           category_id = excluded.category_id, reframe_id = excluded.reframe_id, at = excluded.at`,
      ),
      getLast: db.prepare(
        `SELECT rule_ids AS ruleIds, category_id AS categoryId, reframe_id AS reframeId FROM last_reply WHERE user_key = ?`,
      ),
      helped: db.prepare(
        `INSERT INTO reframe_feedback (reframe_id, helped) VALUES (?, 1)
         ON CONFLICT (reframe_id) DO UPDATE SET helped = helped + 1`,
      ),
      helpedCount: db.prepare(`SELECT helped FROM reframe_feedback WHERE reframe_id = ?`),
    };
  }

  /** Records that a person spoke now and returns their record (creating it on first contact). */
  touchUser(userKey: string, platform: string, now: number): UserRecord {
    const row = this.statements.touch.get(userKey, platform, now, now) as UserRecord & {
      country: string | null;
    };
    return { ...row, country: row.country ?? undefined };
  }

  getUser(userKey: string): UserRecord | undefined {
    const row = this.statements.getUser.get(userKey) as
      (UserRecord & { country: string | null }) | undefined;
    return row ? { ...row, country: row.country ?? undefined } : undefined;
  }

  setCountry(userKey: string, country: string): void {
    this.statements.setCountry.run(country, userKey);
  }

  /** Reframe ids this person saw most recently, newest first. */
  recentReframes(userKey: string, limit: number): string[] {
    return (this.statements.recent.all(userKey, limit) as { id: string }[]).map((r) => r.id);
  }

  /** Remembers what was said (ids only) in one transaction, so a crash never leaves half of it. */
  recordReply(userKey: string, last: LastReply, now: number): void {
    this.db.transaction(() => {
      if (last.reframeId) {
        this.statements.useReframe.run(userKey, last.reframeId, now);
        this.statements.trimRecent.run(userKey, userKey);
      }
      this.statements.setLast.run(
        userKey,
        JSON.stringify(last.ruleIds),
        last.categoryId,
        last.reframeId ?? null,
        now,
      );
    })();
  }

  lastReply(userKey: string): LastReply | undefined {
    const row = this.statements.getLast.get(userKey) as
      { ruleIds: string; categoryId: string; reframeId: string | null } | undefined;
    if (!row) return undefined;
    return {
      ruleIds: JSON.parse(row.ruleIds) as string[],
      categoryId: row.categoryId,
      reframeId: row.reframeId ?? undefined,
    };
  }

  /** Counts a "that helped" press for a reframe; no person is recorded with it. */
  recordHelped(reframeId: string): number {
    this.statements.helped.run(reframeId);
    return (this.statements.helpedCount.get(reframeId) as { helped: number }).helped;
  }
}
