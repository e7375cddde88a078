import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../config.js';

/**
 * `tend backup <file>`: a consistent copy of the database, taken with SQLite's online backup
 * while the bot keeps running. Restore by stopping Tend and copying the file over TEND_DB.
 */
export async function backupCommand(args: string[]): Promise<number> {
  const [target] = args;
  if (!target) {
    process.stderr.write('Usage: npx --no tend backup <file>\n');
    return 2;
  }
  const config = loadConfig();
  if (!existsSync(config.databasePath)) {
    process.stderr.write(
      `There is no database at ${config.databasePath} yet (TEND_DB). Nothing to back up.\n`,
    );
    return 1;
  }
  if (existsSync(target)) {
    process.stderr.write(
      `${target} already exists; choose a new file name so no backup is overwritten.\n`,
    );
    return 1;
  }
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const db = new Database(config.databasePath, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(target);
    process.stdout.write(`Backed up ${config.databasePath} to ${target} (${totalPages} pages).\n`);
  } finally {
    db.close();
  }
  return 0;
}
