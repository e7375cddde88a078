/**
 * `kill -9` in the middle of a burst of proud notes and check-ins, through the real console chat
 * (`node bin/tend.js chat`) on a database file. The console answers each line in order and
 * prints its answer only after the engine returned, that is after SQLite committed; so every
 * confirmation read from its output names a note that must survive the kill, and the database
 * must pass SQLite's own integrity check afterwards.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'tend-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = 3000;
/** Kill once this many lines are confirmed: well inside the burst. */
const KILL_AFTER = 400;

/** Line i of the burst: two proud notes, then a check-in, and again. */
const burstLine = (i: number) =>
  i % 3 === 2 ? `/checkin ${1 + (i % 5)}` : `/proud note number ${i}`;

describe('kill -9 during a burst of writes', () => {
  it('keeps every confirmed note and check-in, and the database passes integrity_check', async () => {
    const database = join(dir, 'tend.db');
    const child = spawn(process.execPath, ['bin/tend.js', 'chat'], {
      env: { ...process.env, TEND_DB: database, DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    // 'close': the process has ended and everything it printed has been read.
    const closed = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('close', (_code, signal) => resolve(signal)),
    );
    // Bounded: if the burst never gets far enough, the child is killed anyway.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);

    // The first line gets Tend's welcome and the keep reply; each burst line one answer after it.
    let answers = 0;
    const confirmed = () => Math.max(0, answers - 2);
    const output = createInterface({ input: child.stdout });
    output.on('line', (line) => {
      if (!line.startsWith('tend> ')) return;
      answers += 1;
      if (confirmed() === KILL_AFTER) child.kill('SIGKILL');
    });
    child.stdin.on('error', () => {}); // the pipe breaks when the child dies mid-write
    child.stdin.write(
      ['/tend keep yes', ...Array.from({ length: LINES }, (_, i) => burstLine(i)), ''].join('\n'),
    );

    const signal = await closed;
    clearTimeout(guard);
    expect(signal).toBe('SIGKILL');
    const done = confirmed();
    console.info(`kill -9 after ${done} of ${LINES} burst lines were confirmed`);
    expect(done).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(done).toBeLessThan(LINES);

    const db = new Database(database);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const notes = new Set(
        (db.prepare('SELECT note FROM proud_notes').all() as { note: string }[]).map((r) => r.note),
      );
      const checkins = (db.prepare('SELECT count(*) AS n FROM checkins').get() as { n: number }).n;
      const confirmedLines = Array.from({ length: done }, (_, i) => burstLine(i));
      const confirmedNotes = confirmedLines
        .filter((l) => l.startsWith('/proud '))
        .map((l) => l.slice('/proud '.length));
      expect(confirmedNotes.filter((note) => !notes.has(note))).toEqual([]);
      expect(checkins).toBeGreaterThanOrEqual(confirmedLines.length - confirmedNotes.length);
      // Nothing beyond the line being answered when the kill came.
      expect(notes.size + checkins).toBeLessThanOrEqual(done + 1);
    } finally {
      db.close();
    }
  }, 30_000);
});
