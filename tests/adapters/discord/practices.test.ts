/**
 * The practices (proud notes, check-ins, reflections, reminders) through the real discord.js
 * adapter and the fake Discord: what a person sees and presses.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TendEngine } from '../../../src/engine/engine.js';
import { createLogger } from '../../../src/logger.js';
import { startScheduler } from '../../../src/practices/scheduler.js';
import { CONTEXT } from '../../fakes/fake-discord.js';
import { createTestEngine } from '../../helpers/engine.js';
import { buttonIds, startHarness, type Harness } from './harness.js';

const clock = { now: Date.UTC(2026, 2, 2, 9, 0) };
let engine: TendEngine;
let h: Harness;

beforeAll(async () => {
  engine = await createTestEngine({ now: () => clock.now });
  h = await startHarness({ engine });
});
afterAll(async () => {
  await h.stop();
});

describe('Discord: practices', () => {
  it('asks once before keeping a proud note, with buttons, and keeps it after a yes', async () => {
    const user = await h.knownUser();
    const replies = await h.dm(user, "I'm proud that I cooked a real dinner");
    const question = replies.at(-1);
    expect(String(question?.content)).toMatch(/Would you like me to keep your proud notes/);
    const yes = buttonIds(question).find((id) => id.endsWith(':yes'));
    expect(yes).toBeDefined();
    const [answer] = await h.answered(
      h.fake.pressButton({ user, customId: yes as string, context: CONTEXT.botDm }),
    );
    expect(String(answer?.content)).toMatch(/keep your notes/);
    const [history] = await h.answered(
      h.fake.sendSlashCommand({ user, name: 'proud', options: [], context: CONTEXT.botDm }),
    );
    expect(String(history?.content)).toContain('I cooked a real dinner');
  });

  it('offers a check-in as five buttons in a server, privately, and records the one pressed', async () => {
    const user = await h.knownUser();
    engine.handleCommand({
      person: { platform: 'discord', userId: user.id },
      name: 'tend',
      args: 'keep yes',
      inSharedSpace: false,
    });
    const [asked] = await h.answered(
      h.fake.sendSlashCommand({ user, name: 'checkin', options: [], context: CONTEXT.guild }),
    );
    const ids = buttonIds(asked).filter((id) => id.startsWith('tend:checkin:'));
    expect(ids).toHaveLength(5);
    const [pressed] = await h.answered(
      h.fake.pressButton({ user, customId: ids[0] as string, context: CONTEXT.guild }),
    );
    expect(String(pressed?.content)).toMatch(/heavy day/);
    expect(pressed?.flags).toBe(64);
  });

  it('runs a reflection step by step in the DM', async () => {
    const user = await h.knownUser();
    const [started] = await h.answered(
      h.fake.sendSlashCommand({
        user,
        name: 'reflect',
        options: [{ name: 'which', type: 3, value: 'teaching' }],
        context: CONTEXT.botDm,
      }),
    );
    expect(String(started?.content)).toMatch(/what did you need/);
    const [next] = await h.dm(user, 'to be listened to');
    expect(String(next?.content)).toMatch(/what you value/);
  });

  it('delivers a due reminder as a DM with a one-tap stop, once', async () => {
    const user = await h.knownUser();
    engine.handleCommand({
      person: { platform: 'discord', userId: user.id },
      name: 'tend',
      args: 'remind walk 07:30 UTC',
      inSharedSpace: false,
    });
    clock.now = Date.UTC(2026, 2, 3, 7, 30);
    const scheduler = startScheduler({
      engine,
      adapters: new Map([['discord', h.adapter]]),
      logger: createLogger({ level: 'silent' }),
      retentionDays: 365,
      intervalMs: 60_000,
    });
    try {
      await scheduler.tick();
      await scheduler.tick();
      const channel = h.fake.dmChannelFor(user.id);
      const nudgesSent = () =>
        h.fake.requests.filter(
          (r) =>
            r.method === 'POST' &&
            r.path === `/channels/${channel}/messages` &&
            String((r.body as { content?: string }).content).includes('walk'),
        );
      // The fake records a request a moment after discord.js has its answer.
      await vi.waitFor(() => expect(nudgesSent()).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const nudges = nudgesSent();
      expect(nudges).toHaveLength(1);
      const body = nudges[0]?.body as Record<string, unknown>;
      expect(body.allowed_mentions).toMatchObject({ parse: [] });
      const stop = buttonIds(body).find((id) => id.startsWith('tend:stop-reminder:'));
      const [answer] = await h.answered(
        h.fake.pressButton({ user, customId: stop as string, context: CONTEXT.botDm }),
      );
      expect(String(answer?.content)).toMatch(/won't remind you/);
    } finally {
      scheduler.stop();
    }
  });
});
