import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { Store } from '../../src/storage/store.js';

const dir = mkdtempSync(join(tmpdir(), 'tend-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tend = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/tend.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('tend backup', () => {
  it('copies the database consistently while it is open for writing, and refuses to overwrite', () => {
    const path = join(dir, 'live.db');
    const live = openDatabase(path);
    const store = new Store(live);
    for (let i = 0; i < 50; i += 1) store.touchUser(`test:u${i}`, 'test', i);
    // The bot keeps the database open (WAL) while the backup runs.
    const target = join(dir, 'backups', 'copy.db');
    const result = tend(['backup', target], { TEND_DB: path });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Backed up/);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 50 });
    copy.close();
    live.close();
    const again = tend(['backup', target], { TEND_DB: path });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('says so when there is no database yet', () => {
    const result = tend(['backup', join(dir, 'x.db')], { TEND_DB: join(dir, 'missing.db') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no database/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
