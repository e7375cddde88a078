/**
 * Discord failing under Tend: REST 500s and requests that never answer, a gateway connection that
 * drops, and one that stops acknowledging heartbeats (a zombie, which discord.js must notice and
 * replace). The real discord.js client retries and resumes; each reply arrives once, events sent
 * while the connection was down are replayed and answered, failures are logged, and another
 * person's conversation goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../adapters/discord/harness.js';
import type { FakeUser, RecordedRequest } from '../fakes/fake-discord.js';

const HARSH = "I'm so stupid for falling for him";
const REST_TIMEOUT_MS = 300;
const HEARTBEAT_MS = 100;

describe('Discord failures', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      fake: { heartbeatIntervalMs: HEARTBEAT_MS },
      rest: { timeout: REST_TIMEOUT_MS, retries: 2 },
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  const sendsTo = (user: FakeUser): RecordedRequest[] =>
    h.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${h.fake.dmChannelFor(user.id)}/messages`,
    );
  const delivered = (user: FakeUser) => sendsTo(user).filter((r) => r.status === 200);
  const identifies = () => h.fake.frames.filter((f) => f.direction === 'received' && f.op === 2);

  it('retries a REST 500 and sends the reply once', async () => {
    const a = await h.knownUser();
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, {
      status: 500,
      code: 0,
      message: 'Internal Server Error',
    });
    const before = sendsTo(a).length;
    await h.dm(a, HARSH);
    expect(
      sendsTo(a)
        .slice(before)
        .map((r) => r.status),
    ).toEqual([500, 200]);
    expect(h.logs.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('logs a 500 that outlasts the retries, with its status, and answers the next person', async () => {
    const a = await h.knownUser();
    for (let i = 0; i < 3; i += 1) {
      h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, {
        status: 500,
        code: 0,
        message: 'Internal Server Error',
      });
    }
    const logged = h.logs.lines.length;
    h.fake.sendDm(a, HARSH);
    const line = await h.logs.waitFor(
      (l) => h.logs.lines.indexOf(l) >= logged && l.event === 'dm' && l.level === 50,
    );
    expect(line).toMatchObject({ status: 500, method: 'POST' });
    expect(
      sendsTo(a)
        .slice(-3)
        .map((r) => r.status),
    ).toEqual([500, 500, 500]);
    const [reply] = await h.dm(await h.knownUser(), HARSH);
    expect(reply?.content).toEqual(expect.any(String));
  });

  it('retries a request that never answers after the timeout; someone else is answered meanwhile', async () => {
    const a = await h.knownUser();
    const b = await h.knownUser();
    h.fake.stallNext('POST', /^\/channels\/\d+\/messages$/);
    const before = delivered(a).length;
    const answerA = h.dm(a, HARSH);
    await h.fake.waitFor(() => sendsTo(a).some((r) => r.status === 0));
    await h.dm(b, HARSH);
    await answerA;
    const stalled = sendsTo(a).find((r) => r.status === 0);
    const [retried] = delivered(a).slice(before);
    expect(delivered(a).slice(before)).toHaveLength(1);
    expect(retried?.body).toEqual(stalled?.body);
    expect((retried?.at ?? 0) - (stalled?.at ?? 0)).toBeGreaterThanOrEqual(REST_TIMEOUT_MS - 5);
    // B did not wait for A's stalled request.
    expect(delivered(b).at(-1)?.at).toBeLessThan(retried?.at ?? 0);
  });

  it('resumes after the connection drops and answers what was sent while it was down, once', async () => {
    const a = await h.knownUser();
    const b = await h.knownUser();
    const connections = h.fake.connections;
    const resumes = h.logs.lines.filter((l) => l.event === 'shard-resume').length;
    h.fake.dropConnection();
    // Written while Tend is away: Discord keeps these for the resumed session.
    const missed = [h.fake.sendDm(a, HARSH), h.fake.sendDm(b, 'had a long day at work')];
    await h.logs.waitFor(
      () => h.logs.lines.filter((l) => l.event === 'shard-resume').length > resumes,
      5000,
    );
    expect(h.fake.connections).toBe(connections + 1);
    // Sent to the client only once it had resumed: replayed, not lost.
    const resumedAt = h.fake.frames.findLast((f) => f.direction === 'received' && f.op === 6)?.at;
    const replayed = h.fake.frames.filter(
      (f) =>
        f.direction === 'sent' &&
        f.t === 'MESSAGE_CREATE' &&
        missed.some((m) => m.messageId === (f.d as { id: string }).id),
    );
    expect(replayed).toHaveLength(2);
    expect(replayed.every((f) => f.at > (resumedAt ?? Infinity))).toBe(true);
    for (const { channelId } of missed) {
      await h.logs.waitFor((l) => l.event === 'dm' && l.channelId === channelId, 3000);
    }
    expect(delivered(a).length).toBe(2); // "hi" and the missed message
    expect(delivered(b).length).toBe(2);
    expect(identifies()).toHaveLength(1);
    const [reply] = await h.dm(a, HARSH);
    expect(reply?.content).toEqual(expect.any(String));
  });

  it('notices a connection that stops acknowledging heartbeats, replaces it and resumes', async () => {
    const a = await h.knownUser();
    const connections = h.fake.connections;
    const resumes = h.logs.lines.filter((l) => l.event === 'shard-resume').length;
    const logged = h.logs.lines.length;
    h.fake.ackHeartbeats = false;
    try {
      await h.fake.waitFor(() => h.fake.connections > connections, 5000);
    } finally {
      h.fake.ackHeartbeats = true;
    }
    await h.logs.waitFor(
      () => h.logs.lines.filter((l) => l.event === 'shard-resume').length > resumes,
      5000,
    );
    expect(identifies()).toHaveLength(1);
    expect(h.logs.lines.slice(logged).map((l) => l.event)).toContain('shard-reconnecting');
    const [reply] = await h.dm(a, HARSH);
    expect(reply?.content).toEqual(expect.any(String));
    expect(h.logs.lines.filter((l) => l.event === 'shard-disconnect')).toEqual([]);
  });
});
