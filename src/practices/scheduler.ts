import type { Adapter } from '../adapter.js';
import type { NudgeSource } from '../engine/engine.js';
import type { Logger } from '../logger.js';

export interface SchedulerOptions {
  engine: NudgeSource;
  /** Adapters by platform name ('discord', 'slack', 'console'); nudges go out through sendDirect. */
  adapters: Map<string, Adapter>;
  logger: Logger;
  retentionDays: number;
  /** How often to look for due reminders. */
  intervalMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * Sends due reminders and runs the daily retention job. A nudge is marked delivered only after
 * its platform accepted it; one that failed is tried again on the next tick (within the grace
 * period), and a failure for one person never stops the others.
 */
export function startScheduler(options: SchedulerOptions): { tick(): Promise<void>; stop(): void } {
  const { engine, adapters, logger } = options;
  let running = false;
  let lastRetention = 0;

  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (Date.now() - lastRetention >= DAY_MS) {
        lastRetention = Date.now();
        engine.forgetInactive(options.retentionDays);
      }
      for (const nudge of engine.dueNudges()) {
        const adapter = adapters.get(nudge.person.platform);
        if (!adapter?.sendDirect) {
          logger.warn({ event: 'nudge-undeliverable', platform: nudge.person.platform });
          nudge.delivered();
          continue;
        }
        try {
          await adapter.sendDirect(nudge.person.userId, nudge.replies);
          nudge.delivered();
          logger.info({ event: 'nudge-sent', platform: nudge.person.platform });
        } catch (error) {
          logger.warn({
            event: 'nudge-failed',
            platform: nudge.person.platform,
            error: (error as Error).name,
          });
        }
      }
    } catch (error) {
      logger.error({
        event: 'scheduler-error',
        error: (error as Error).name,
        stack: (error as Error).stack,
      });
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void tick(), options.intervalMs ?? 30_000);
  timer.unref();
  void tick();
  return { tick, stop: () => clearInterval(timer) };
}
