import { loadContent, type Content } from '../../src/content/load.js';
import { TendEngine, type EngineOptions } from '../../src/engine/engine.js';
import type { Person } from '../../src/engine/types.js';
import { openDatabase } from '../../src/storage/database.js';
import { Store } from '../../src/storage/store.js';

let shared: Promise<Content> | undefined;

/** The real content, loaded once per test file (loading checks every pattern). */
export function testContent(): Promise<Content> {
  shared ??= loadContent();
  return shared;
}

/** A real engine over the real content and a fresh in-memory SQLite database. */
export async function createTestEngine(options: Partial<EngineOptions> = {}): Promise<TendEngine> {
  const content = options.content ?? (await testContent());
  const store = options.store ?? new Store(openDatabase(':memory:'));
  return new TendEngine({ content, store, ...options });
}

/** Has the person receive Tend's one-time welcome, so a test can look at what comes after it. */
export function greet(engine: TendEngine, person: Person): void {
  engine.handleMessage({ person, text: 'hi' });
}
