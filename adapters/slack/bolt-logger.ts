/**
 * Bolt's logger interface over Tend's pino logger. Bolt's debug output includes whole request
 * bodies (what people wrote), so debug is dropped here whatever the level; info, warn and error
 * lines are plain status messages and go to pino as `{ event: "bolt", detail }`.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

export function createBoltLogger(logger: Logger): BoltLogger {
  const forward =
    (level: 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      logger[level]({ event: 'bolt', detail: parts.map(describe).join(' ') });
    };
  return {
    debug: () => {},
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    // Bolt and its clients ask for a level and may set one; the level that matters is pino's.
    getLevel: () => LogLevel.INFO,
    setLevel: () => {},
    setName: () => {},
  };
}

/** Strings and error names/messages only: an object could be a request body. */
function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return `${part.name}: ${part.message}`;
  return `[${typeof part}]`;
}
