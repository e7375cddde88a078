/**
 * Small load runs inside `npm test` (`npm run load` runs them at full size and prints figures).
 * Bounds on time are loose on purpose: they catch a stall or a retry storm, not a slow machine.
 */
import { describe, expect, it } from 'vitest';
import { discordRun, slackRun } from './load/runs.js';

describe('under load', () => {
  it('Slack: 20 people × 10 DMs through the Bolt HTTP receiver, each answered exactly once', async () => {
    const { result, report } = await slackRun({ people: 20, messagesPerPerson: 10 });
    console.info(report);
    expect(result).toMatchObject({
      messages: 200,
      answered: 200,
      lost: 0,
      doubled: 0,
      unexpectedReplyCounts: 0,
      errorLogs: 0,
    });
    expect(result.p99Ms).toBeLessThan(3000);
  }, 30_000);

  it('Discord: a burst of 200 DMs with 429s, each answered exactly once, no send before its retry time', async () => {
    // Discord's global limit (50 requests/s) is lifted here to keep CI fast; `npm run load`
    // also runs with it in place.
    const { result, report } = await discordRun({
      people: 20,
      messagesPerPerson: 10,
      liftGlobalLimit: true,
    });
    console.info(report);
    expect(result).toMatchObject({
      messages: 200,
      answered: 200,
      lost: 0,
      doubled: 0,
      early: 0,
      mismatchedChannels: 0,
      errorLogs: 0,
    });
    // Every 25th send was refused, so discord.js had 429s to obey.
    expect(result.rateLimited).toBeGreaterThanOrEqual(8);
  }, 40_000);
});
