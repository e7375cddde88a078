import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { Store } from '../../src/storage/store.js';
import { createTestEngine } from '../helpers/engine.js';

const MARKER = 'zebracorn7319';

function logSink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const dir = mkdtempSync(join(tmpdir(), 'tend-privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('privacy', () => {
  it('keeps the words of a whole conversation out of the database file and the log', async () => {
    const sink = logSink();
    const logger = createLogger({ level: 'trace', destination: sink.stream });
    const path = join(dir, 'tend.db');
    const db = openDatabase(path);
    const engine = await createTestEngine({ store: new Store(db), logger });
    const person = { platform: 'test' as const, userId: 'p1' };
    const messages = [
      `hi ${MARKER}`,
      `I'm so stupid for trusting ${MARKER}`,
      'why?',
      'another one',
      `I'll never find love again ${MARKER}`,
      `${MARKER} I want to die`,
      `just talking about ${MARKER} today`,
      'country GB',
    ];
    for (const text of messages) engine.handleMessage({ person, text });
    engine.handleCommand({
      person,
      name: 'reframe',
      args: `I'm a failure ${MARKER}`,
      inSharedSpace: true,
    });
    engine.handleAction({ person, actionId: 'another' });
    // A careless log call with text in it is redacted too.
    logger.info({ text: MARKER, message: { text: MARKER } }, 'careless');
    db.close();

    const logged = sink.text();
    expect(logged).toContain('"event":"message"');
    expect(logged).not.toContain(MARKER);
    for (const file of [path, `${path}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(MARKER)).toBe(false);
    }
    // The database did record the conversation (ids and counts), so the scan above meant something.
    const reopened = openDatabase(path);
    expect(reopened.prepare('SELECT turns FROM users').get()).toEqual({ turns: 10 });
    reopened.close();
  });
});
