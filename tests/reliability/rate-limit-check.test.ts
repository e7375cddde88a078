/**
 * The fake Discord's rate-limit check, itself checked: a client that does not wait for the time
 * the fake announced is caught, so "no early request" in the load test is a real finding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord.js';
import { RateLimitBuckets } from '../fakes/rate-limit-buckets.js';

describe('rate-limit buckets', () => {
  it('announce the window in headers, refuse the request past the limit, and flag an early one', () => {
    const buckets = new RateLimitBuckets({ limit: 2, windowMs: 1000 });
    expect(buckets.take('c', 0).headers).toMatchObject({
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset-after': '1.000',
    });
    expect(buckets.take('c', 100)).toMatchObject({ status: 200, early: false });
    // Told "0 remaining, reset after 0.9 s", the client sends anyway.
    expect(buckets.take('c', 200)).toMatchObject({ status: 429, early: true, retryAfter: 0.8 });
    expect(buckets.take('other', 200)).toMatchObject({ status: 200, early: false });
    expect(buckets.take('c', 1000)).toMatchObject({ status: 200, early: false });
  });

  it('block a key for a forced 429 until its retry_after, not longer', () => {
    const buckets = new RateLimitBuckets();
    expect(buckets.take('c', 0, 250)).toMatchObject({ status: 429, retryAfter: 0.25 });
    expect(buckets.take('c', 249)).toMatchObject({ status: 429, early: true });
    expect(buckets.take('c', 250)).toMatchObject({ status: 200, early: false });
  });
});

describe('fake Discord with a 429 plan', () => {
  const fake = new FakeDiscord({ token: 't' });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('records a send that ignores retry_after as early', async () => {
    const channel = fake.dmChannelFor('42');
    const send = () =>
      fetch(`${fake.apiUrl}/v10/channels/${channel}/messages`, {
        method: 'POST',
        headers: { authorization: 'Bot t', 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'hi' }),
      });
    fake.rateLimitEvery(1, 0.5);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('0.500');
    expect(await limited.json()).toMatchObject({ retry_after: 0.5, global: false });
    await send();
    expect(fake.earlyRequests).toHaveLength(1);
  });
});
