/**
 * The database failing under Tend: locked by another connection past busy_timeout (SQLITE_BUSY),
 * or full (SQLITE_FULL, made real with PRAGMA max_page_count). The person hears "please try
 * again" instead of silence, a crisis still gets its whole reply, the log says what happened,
 * and nothing is left half-written.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TendEngine } from '../../src/engine/engine.js';
import type { Person, Reply } from '../../src/engine/types.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { Store } from '../../src/storage/store.js';
import { LogCapture } from '../adapters/discord/harness.js';
import { CRISIS, startHarness } from '../adapters/slack/harness.js';
import { dmChannelFor } from '../fakes/fake-slack.js';
import { createTestEngine, testContent } from '../helpers/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'tend-storage-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;

/** An engine over its own database file, with its log captured. */
async function setup() {
  const path = join(dir, `${(databases += 1)}.db`);
  const db = openDatabase(path);
  // Short, so a locked database fails in milliseconds rather than the 2 s Tend waits in use.
  db.pragma('busy_timeout = 25');
  const logs = new LogCapture();
  const engine = await createTestEngine({ store: new Store(db), logger: logs.logger });
  return { engine, db, path, logs };
}

/** A second connection, as another process would hold it, keeping the write lock until `release()`. */
function holdWriteLock(path: string): { release(): void } {
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  return {
    release() {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

/** Fills the database to its page limit, so the next insert needing room fails with SQLITE_FULL. */
function fillUp(db: Db): void {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  db.prepare(
    `INSERT INTO users (user_key, platform, first_seen, last_seen) VALUES (?, ?, 0, 0)`,
  ).run('test:filler', 'test');
  const insert = db.prepare(
    `INSERT INTO proud_notes (user_key, note, local_date, created_at) VALUES ('test:filler', ?, '2026-01-01', 0)`,
  );
  // Big rows first, then smaller ones into what is left: bounded, and ends full.
  for (const size of [400, 100, 20, 1]) {
    for (let i = 0; i < 10_000; i += 1) {
      try {
        insert.run('x'.repeat(size));
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
        break;
      }
    }
  }
}

const person = (userId: string): Person => ({ platform: 'test', userId });
const say = (engine: TendEngine, who: Person, text: string) =>
  engine.handleMessage({ person: who, text });
const command = (engine: TendEngine, who: Person, name: string, args = '') =>
  engine.handleCommand({ person: who, name, args, inSharedSpace: false });
const rows = (db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params);
const SAVE_FAILED = [{ kind: 'error', text: expect.stringMatching(/couldn't save that/) }];

/** The crisis reply carries every line for `country` and every international one. */
async function expectFullCrisis(reply: Reply | undefined, country = 'US') {
  const crisis = (await testContent()).crisis;
  expect(reply?.kind).toBe('crisis');
  for (const resource of [...(crisis.countries[country]?.resources ?? []), ...crisis.international])
    expect(reply?.text).toContain(resource.how);
}

describe('database locked by another connection', () => {
  it('answers "please try again", logs SQLITE_BUSY, writes nothing, and saves on the retry', async () => {
    const { engine, db, path, logs } = await setup();
    const me = person('locked');
    say(engine, me, 'hi');
    command(engine, me, 'tend', 'keep yes');
    const turns = () =>
      rows(db, `SELECT turns, last_seen FROM users WHERE user_key = 'test:locked'`);
    const before = turns();

    const lock = holdWriteLock(path);
    try {
      expect(command(engine, me, 'proud', 'I asked for help')).toEqual(SAVE_FAILED);
      expect(say(engine, me, "I'm proud that I went outside")).toEqual(SAVE_FAILED);
      expect(logs.lines.filter((l) => l.event === 'storage-error')).toEqual([
        expect.objectContaining({ level: 50, code: 'SQLITE_BUSY', platform: 'test' }),
        expect.objectContaining({ level: 50, code: 'SQLITE_BUSY', platform: 'test' }),
      ]);
    } finally {
      lock.release();
    }
    expect(rows(db, `SELECT note FROM proud_notes`)).toEqual([]);
    expect(turns()).toEqual(before);

    expect(command(engine, me, 'proud', 'I asked for help')[0]?.kind).toBe('practice');
    expect(rows(db, `SELECT note FROM proud_notes`)).toEqual([{ note: 'I asked for help' }]);
  });

  it('still answers a crisis in full, with the country the person chose', async () => {
    const { engine, path } = await setup();
    const me = person('locked-crisis');
    say(engine, me, 'hi');
    say(engine, me, 'country GB');
    const lock = holdWriteLock(path);
    try {
      const replies = say(engine, me, 'I want to kill myself');
      expect(replies).toHaveLength(1);
      await expectFullCrisis(replies[0], 'GB');
      // A stranger, whose country Tend cannot know, gets the default country's lines.
      await expectFullCrisis(say(engine, person('stranger'), 'I want to end my life')[0], 'US');
    } finally {
      lock.release();
    }
  });
});

describe('database full (SQLITE_FULL)', () => {
  it('keeps nothing half-written when a yes to keeping notes cannot be saved, and saves on the retry', async () => {
    const { engine, db, logs } = await setup();
    const me = person('full');
    say(engine, me, 'hi');
    // Two notes wait in memory for the person's yes.
    command(engine, me, 'proud', 'I finished the application');
    const asked = command(engine, me, 'proud', 'I cooked dinner');
    const yes = asked[1]?.buttons?.find((b) => b.value === 'yes');
    expect(yes).toBeDefined();

    fillUp(db);
    const pressYes = () => engine.handleAction({ person: me, actionId: 'consent', value: 'yes' });
    expect(pressYes()).toEqual(SAVE_FAILED);
    expect(logs.lines.filter((l) => l.event === 'storage-error')).toEqual([
      expect.objectContaining({ code: 'SQLITE_FULL' }),
    ]);
    // Not "yes, keep" with the notes lost: nothing of the answer was written.
    expect(rows(db, `SELECT keep FROM users WHERE user_key = 'test:full'`)).toEqual([
      { keep: null },
    ]);
    expect(rows(db, `SELECT note FROM proud_notes WHERE user_key = 'test:full'`)).toEqual([]);
    await expectFullCrisis(say(engine, me, 'I want to kill myself')[0]);

    // Room again: pressing yes once more keeps both notes.
    db.pragma('max_page_count = 100000');
    expect(pressYes()[0]?.text).toMatch(/keep your notes/);
    expect(
      rows(db, `SELECT note FROM proud_notes WHERE user_key = 'test:full' ORDER BY id`),
    ).toEqual([{ note: 'I finished the application' }, { note: 'I cooked dinner' }]);
  });

  it('answers "please try again" for a note that does not fit, and nothing of that turn stays', async () => {
    const { engine, db } = await setup();
    const me = person('full-note');
    say(engine, me, 'hi');
    command(engine, me, 'tend', 'keep yes');
    const state = () =>
      rows(
        db,
        `SELECT turns, last_seen, welcomed, keep FROM users WHERE user_key = 'test:full-note'`,
      );
    const before = state();
    fillUp(db);
    expect(command(engine, me, 'proud', 'a note that needs room')).toEqual(SAVE_FAILED);
    expect(state()).toEqual(before);
    expect(rows(db, `SELECT note FROM proud_notes WHERE user_key = 'test:full-note'`)).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('database locked, through the Slack adapter', () => {
  it('posts "please try again" and a full crisis reply, never silence', async () => {
    const { engine, path, logs } = await setup();
    const h = await startHarness({ mode: 'http', engine });
    try {
      const user = h.newUser();
      await h.dm(user, 'hi');
      const lock = holdWriteLock(path);
      try {
        const saved = await h.dm(user, "I'm proud that I went for a run");
        expect(saved.posts.map((p) => p.params.text)).toEqual([
          expect.stringMatching(/couldn't save that/),
        ]);
        const crisis = await h.dm(user, CRISIS);
        expect(crisis.replies[0]?.kind).toBe('crisis');
        await expectFullCrisis(crisis.replies[0]);
        expect(crisis.posts).toHaveLength(1);
        expect(crisis.posts[0]?.params.channel).toBe(dmChannelFor(user));
      } finally {
        lock.release();
      }
      expect(logs.lines.filter((l) => l.event === 'storage-error').length).toBeGreaterThan(0);
      expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
