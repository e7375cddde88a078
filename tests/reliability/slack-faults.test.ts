/**
 * Slack failing under Tend: Web API 500s and calls that never answer (timeouts). The real Bolt
 * client retries as configured (here quickly), the reply arrives once, a failure that outlasts
 * the retries is logged with its status, and another person's conversation goes on meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmChannelFor, dmEvent } from '../fakes/fake-slack.js';
import { HARSH, startHarness, type Harness } from '../adapters/slack/harness.js';

/** Long enough that a second person's whole answer fits inside the wait before a retry. */
const RETRY_DELAY_MS = 400;
const TIMEOUT_MS = 200;

describe('Slack Web API failures', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      mode: 'http',
      retryConfig: {
        retries: 2,
        factor: 1,
        minTimeout: RETRY_DELAY_MS,
        maxTimeout: RETRY_DELAY_MS,
      },
      timeoutMs: TIMEOUT_MS,
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  /** Two people past their welcome. */
  async function twoPeople(): Promise<[string, string]> {
    const a = h.newUser();
    const b = h.newUser();
    await h.dm(a, 'hi');
    await h.dm(b, 'hi');
    return [a, b];
  }

  const postsIn = (user: string) =>
    h.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === dmChannelFor(user));

  it('retries a 500, posts the reply once, and answers someone else while it waits', async () => {
    const [a, b] = await twoPeople();
    const before = postsIn(a).length;
    h.fake.failNextWithStatus('chat.postMessage', 500);
    const answerA = h.dm(a, HARSH);
    await h.fake.waitFor(() => postsIn(a).length > before, 2000, "a's failed post");
    const answerB = await h.dm(b, HARSH);
    const { posts } = await answerA;

    const [failed, retried] = postsIn(a).slice(before);
    expect(failed?.ok).toBe(false);
    expect(retried?.params).toEqual(failed?.params);
    expect(posts).toEqual([retried]);
    // B was answered inside A's wait, not after it.
    expect(answerB.posts[0]?.at).toBeLessThan(retried?.at ?? 0);
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('retries a call that never answers, after the timeout, and posts the reply once', async () => {
    const [a, b] = await twoPeople();
    const before = postsIn(a).length;
    h.fake.stallNext('chat.postMessage');
    const answerA = h.dm(a, HARSH);
    await h.fake.waitFor(() => postsIn(a).length > before, 2000, "a's stalled post");
    const answerB = await h.dm(b, HARSH);
    const { posts } = await answerA;

    const [stalled, retried] = postsIn(a).slice(before);
    expect(stalled?.ok).toBe(false);
    expect(posts).toEqual([retried]);
    expect((retried?.at ?? 0) - (stalled?.at ?? 0)).toBeGreaterThanOrEqual(
      TIMEOUT_MS + RETRY_DELAY_MS - 5,
    );
    expect(answerB.posts[0]?.at).toBeLessThan(retried?.at ?? 0);
    // The Web API client says the request failed; Tend's log has it as a warning.
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 40,
        event: 'bolt',
        detail: expect.stringMatching(/failed/),
      }),
    );
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('logs a failure that outlasts the retries with its status, and goes on serving', async () => {
    const [a, b] = await twoPeople();
    for (let i = 0; i < 3; i += 1) h.fake.failNextWithStatus('chat.postMessage', 500);
    const logged = h.logs.length;
    await h.deliver(dmEvent(a, HARSH));
    await h.fake.waitFor(
      () => h.logs.slice(logged).find((l) => l.event === 'slack_error'),
      5000,
      'the error log line',
    );
    expect(h.logs.slice(logged).find((l) => l.event === 'slack_error')).toMatchObject({
      level: 50,
      statusCode: 500,
    });
    expect(
      postsIn(a)
        .slice(-3)
        .map((c) => c.ok),
    ).toEqual([false, false, false]);
    const answerB = await h.dm(b, HARSH);
    expect(answerB.posts).toHaveLength(1);
  });
});
