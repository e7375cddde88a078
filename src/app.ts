import { loadContent, type Content } from './content/load.js';
import type { Config } from './config.js';
import { TendEngine } from './engine/engine.js';
import type { Logger } from './logger.js';
import { openDatabase, type Db } from './storage/database.js';
import { Store } from './storage/store.js';

export interface Tend {
  engine: TendEngine;
  content: Content;
  db: Db;
  store: Store;
  close(): void;
}

/** Loads content, opens the database and builds the engine: everything but the platforms. */
export async function openTend(
  config: Config,
  logger: Logger,
  databasePath = config.databasePath,
): Promise<Tend> {
  const content = await loadContent(config.contentDir);
  const db = openDatabase(databasePath);
  const store = new Store(db);
  const engine = new TendEngine({ content, store, logger, defaultCountry: config.defaultCountry });
  return { engine, content, db, store, close: () => db.close() };
}
