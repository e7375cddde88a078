/**
 * The practices (proud notes, check-ins, reflections, reminders) through the real Bolt adapter
 * and the fake Slack: what a person sees and presses in their DM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TendEngine } from '../../../src/engine/engine.js';
import { createLogger } from '../../../src/logger.js';
import { startScheduler } from '../../../src/practices/scheduler.js';
import { createTestEngine, greet } from '../../helpers/engine.js';
import { dmChannelFor } from '../../fakes/fake-slack.js';
import { actionIds, buttonValue, startHarness, type Harness } from './harness.js';

const clock = { now: Date.UTC(2026, 2, 2, 9, 0) };
let engine: TendEngine;
let h: Harness;

beforeAll(async () => {
  engine = await createTestEngine({ now: () => clock.now });
  h = await startHarness({ mode: 'http', engine });
});
afterAll(async () => {
  await h.stop();
});

const person = (user: string) => ({ platform: 'slack' as const, userId: user });

describe('Slack: practices', () => {
  it('asks once before keeping a proud note, with buttons, and keeps it after a yes', async () => {
    const user = h.newUser();
    greet(engine, person(user));
    const answer = await h.dm(user, "I'm proud that I went for a run");
    const question = answer.messages.at(-1);
    expect(question?.text).toMatch(/Would you like me to keep your proud notes/);
    const ids = actionIds(question);
    expect(ids).toHaveLength(2);
    const yes = await h.press({
      user,
      actionId: ids[0] as string,
      value: buttonValue(question, ids[0] as string),
      channel: dmChannelFor(user),
    });
    expect(yes.messages[0]?.text).toMatch(/keep your notes/);
    const history = await h.command({
      command: '/proud',
      text: '',
      user,
      channel: dmChannelFor(user),
    });
    expect(history.messages[0]?.text).toContain('I went for a run');
  });

  it('offers a check-in as five buttons and records the one pressed', async () => {
    const user = h.newUser();
    greet(engine, person(user));
    engine.handleCommand({
      person: person(user),
      name: 'tend',
      args: 'keep yes',
      inSharedSpace: false,
    });
    const asked = await h.command({ command: '/checkin', text: '', user, channel: 'CPUBLIC' });
    const ids = actionIds(asked.messages[0]);
    expect(ids).toHaveLength(5);
    const pressed = await h.press({
      user,
      actionId: ids[3] as string,
      value: buttonValue(asked.messages[0], ids[3] as string),
      channel: 'CPUBLIC',
      ephemeral: true,
    });
    expect(pressed.messages[0]?.text).toMatch(/lightness/);
    expect(pressed.messages[0]?.response_type).toBe('ephemeral');
  });

  it('runs a reflection step by step in the DM', async () => {
    const user = h.newUser();
    greet(engine, person(user));
    const started = await h.command({
      command: '/reflect',
      text: 'friend',
      user,
      channel: dmChannelFor(user),
    });
    expect(started.messages[0]?.text).toMatch(/harsh thing you've been telling yourself/);
    const next = await h.dm(user, "I'm a failure");
    expect(next.messages[0]?.text).toMatch(/dear friend/);
  });

  it('delivers a due reminder as a DM with a one-tap stop, once', async () => {
    const user = h.newUser();
    greet(engine, person(user));
    engine.handleCommand({
      person: person(user),
      name: 'tend',
      args: 'remind tea 21:30 UTC',
      inSharedSpace: false,
    });
    clock.now = Date.UTC(2026, 2, 2, 21, 30);
    const scheduler = startScheduler({
      engine,
      adapters: new Map([['slack', h.adapter]]),
      logger: createLogger({ level: 'silent' }),
      retentionDays: 365,
      intervalMs: 60_000,
    });
    try {
      await scheduler.tick();
      const nudge = await h.fake.waitForCall(
        'chat.postMessage',
        (c) =>
          String(c.params.text ?? '').includes('tea') && c.params.channel === dmChannelFor(user),
      );
      expect(actionIds(nudge.params)).toHaveLength(1);
      await scheduler.tick();
      const sent = h.fake.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          String(c.params.text ?? '').includes('Time for your tea'),
      );
      expect(sent).toHaveLength(1);
      const stop = await h.press({
        user,
        actionId: actionIds(nudge.params)[0] as string,
        value: buttonValue(nudge.params, actionIds(nudge.params)[0] as string),
        channel: dmChannelFor(user),
      });
      expect(stop.messages[0]?.text).toMatch(/won't remind you/);
    } finally {
      scheduler.stop();
    }
  });
});
