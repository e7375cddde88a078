/**
 * How long a DM takes from Slack's side: from sending the event to the fake recording Tend's
 * chat.postMessage, through real Bolt, the real engine and loopback HTTP. Sequential, so each
 * sample is one message alone. The bound is loose on purpose: it catches an accidental retry
 * delay or reconnect per message, not small regressions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARSH, startHarness, type Harness } from './harness.js';

const MESSAGES = 100;
const LOOSE_BOUND_MS = 250;

describe.each(['http', 'socket'] as const)('Slack DM latency (%s)', (mode) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ mode });
  });

  afterAll(async () => {
    await h.stop();
  });

  it(`median over ${MESSAGES} sequential DMs`, async () => {
    // Ten returning people in turn: every sample is a steady-state answer (no first-time
    // welcome), and nobody passes the engine's flood limit (20 messages in 10 seconds).
    const users = Array.from({ length: 10 }, () => h.newUser());
    for (const user of users) await h.dm(user, HARSH);
    const samples: number[] = [];
    for (let i = 0; i < MESSAGES; i += 1) {
      const { posts, sentAt } = await h.dm(users[i % users.length] as string, HARSH);
      samples.push((posts[0]?.at ?? Infinity) - sentAt);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const median = ((sorted[49] ?? 0) + (sorted[50] ?? 0)) / 2;
    const p90 = sorted[89] ?? 0;
    console.info(
      `Slack ${mode}: ${mode === 'http' ? 'signed DM request' : 'DM envelope'} → recorded chat.postMessage, median ${median.toFixed(2)} ms, ` +
        `p90 ${p90.toFixed(2)} ms, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms (${MESSAGES} messages)`,
    );
    expect(median).toBeLessThan(LOOSE_BOUND_MS);
  });
});
