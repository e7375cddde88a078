/**
 * Schema versions, applied in order and recorded in PRAGMA user_version. Never edit a shipped
 * migration: add a new one. No table holds message text; only the journal-like tables that a
 * person explicitly asks to keep (added by later migrations) ever hold words they wrote.
 */
export const MIGRATIONS: string[] = [
  // 1: people, reply rotation and the last reply (for "why?" and "another one").
  `
  CREATE TABLE users (
    user_key   TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    turns      INTEGER NOT NULL DEFAULT 0,
    country    TEXT
  ) STRICT;
  CREATE TABLE recent_reframes (
    user_key   TEXT NOT NULL REFERENCES users(user_key) ON DELETE CASCADE,
    reframe_id TEXT NOT NULL,
    used_at    INTEGER NOT NULL,
    PRIMARY KEY (user_key, reframe_id)
  ) STRICT;
  CREATE TABLE last_reply (
    user_key    TEXT PRIMARY KEY REFERENCES users(user_key) ON DELETE CASCADE,
    rule_ids    TEXT NOT NULL,
    category_id TEXT NOT NULL,
    reframe_id  TEXT,
    at          INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE reframe_feedback (
    reframe_id TEXT PRIMARY KEY,
    helped     INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  `,
  // 2: practices and the person's own choices. proud_notes and checkins.word hold words the
  // person asked Tend to keep (with their yes in users.keep); nothing else does.
  `
  ALTER TABLE users ADD COLUMN welcomed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN keep TEXT CHECK (keep IN ('yes', 'no'));
  ALTER TABLE users ADD COLUMN memories INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE users ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN timezone TEXT;
  ALTER TABLE users ADD COLUMN quiet_start TEXT;
  ALTER TABLE users ADD COLUMN quiet_end TEXT;
  CREATE TABLE proud_notes (
    id         INTEGER PRIMARY KEY,
    user_key   TEXT NOT NULL REFERENCES users(user_key) ON DELETE CASCADE,
    note       TEXT NOT NULL,
    local_date TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX proud_notes_by_user ON proud_notes (user_key, created_at);
  CREATE TABLE checkins (
    id         INTEGER PRIMARY KEY,
    user_key   TEXT NOT NULL REFERENCES users(user_key) ON DELETE CASCADE,
    score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    word       TEXT,
    local_date TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX checkins_by_user ON checkins (user_key, created_at);
  CREATE TABLE reflections (
    user_key      TEXT PRIMARY KEY REFERENCES users(user_key) ON DELETE CASCADE,
    reflection_id TEXT NOT NULL,
    step          INTEGER NOT NULL,
    started_at    INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    user_key    TEXT NOT NULL REFERENCES users(user_key) ON DELETE CASCADE,
    ritual_id   TEXT NOT NULL,
    local_time  TEXT NOT NULL,
    next_due_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (user_key, ritual_id)
  ) STRICT;
  CREATE INDEX reminders_due ON reminders (next_due_at);
  -- One row per due time of a reminder: claimed before sending, marked sent after, so a restart
  -- between the two sends it then, and a restart after never sends it twice.
  CREATE TABLE reminder_deliveries (
    reminder_id INTEGER NOT NULL REFERENCES reminders(id) ON DELETE CASCADE,
    due_at      INTEGER NOT NULL,
    sent_at     INTEGER,
    PRIMARY KEY (reminder_id, due_at)
  ) STRICT;
  `,
];
