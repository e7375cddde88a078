import { createConsoleAdapter } from '../../adapters/console/console.js';
import type { Adapter } from '../adapter.js';
import { openTend } from '../app.js';
import { loadConfig } from '../config.js';
import { startScheduler } from '../practices/scheduler.js';
import { dirname } from 'node:path';
import { createLogger } from '../logger.js';

/**
 * `tend start`: every platform whose credentials are set, or the console chat when none is.
 * `tend chat`: the console chat only. Stops cleanly on SIGINT/SIGTERM.
 */
export async function start(options: { consoleOnly: boolean }): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({
    level: options.consoleOnly || (!config.discord && !config.slack) ? 'warn' : config.logLevel,
  });
  const tend = await openTend(config, logger);
  const adapters: Adapter[] = [];

  if (!options.consoleOnly && config.discord) {
    const { createDiscordAdapter } = await import('../../adapters/discord/index.js');
    adapters.push(createDiscordAdapter({ engine: tend.engine, logger, ...config.discord }));
  }
  if (!options.consoleOnly && config.slack) {
    const { createSlackAdapter } = await import('../../adapters/slack/index.js');
    adapters.push(createSlackAdapter({ engine: tend.engine, logger, ...config.slack }));
  }

  let consoleDone: Promise<void> | undefined;
  if (adapters.length === 0) {
    const consoleAdapter = createConsoleAdapter({
      engine: tend.engine,
      exportDir: dirname(config.databasePath),
    });
    consoleDone = consoleAdapter.done;
    adapters.push(consoleAdapter);
  }

  const stopAdapters = async () => {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    tend.close();
  };
  try {
    for (const adapter of adapters) {
      await adapter.start();
      logger.info({ event: 'started', adapter: adapter.name });
    }
  } catch (error) {
    await stopAdapters();
    throw error;
  }
  const scheduler = startScheduler({
    engine: tend.engine,
    adapters: new Map(adapters.map((a) => [a.name, a])),
    logger,
    retentionDays: config.retentionDays,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    scheduler.stop();
    await stopAdapters();
    logger.info({ event: 'stopped' });
  };

  if (consoleDone) {
    await consoleDone;
    await stop();
    return 0;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      logger.info({ event: 'signal', signal });
      void stop().then(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  return 0;
}
