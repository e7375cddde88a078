/**
 * Discord under load: the fake gateway dispatches a burst of DM MESSAGE_CREATE events from
 * `people` people at once, and the real discord.js client answers through REST against the fake,
 * which enforces a per-channel message limit and answers every n-th send with a 429 and a
 * `retry_after`. Checked: every message answered exactly once (per channel, the sent contents
 * are exactly the engine's replies), and no send arrived before the fake allowed it.
 * With discord.js's default global limit (50 requests/s, Discord's own) that limit bounds
 * throughput, as it would for a real burst.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReplies } from '../../../adapters/discord/render.js';
import type { FloodLimit } from '../../../src/engine/flood.js';
import { openDatabase } from '../../../src/storage/database.js';
import { Store } from '../../../src/storage/store.js';
import { startHarness } from '../../adapters/discord/harness.js';
import type { RecordedRequest } from '../../fakes/fake-discord.js';
import type { BucketLimit } from '../../fakes/rate-limit-buckets.js';
import { createTestEngine } from '../../helpers/engine.js';
import { figuresOf, type LoadFigures } from './figures.js';
import { LOAD_MESSAGES } from './messages.js';

export interface DiscordLoadOptions {
  people: number;
  messagesPerPerson: number;
  /** The engine's flood limit for this run; the default (20 per 10 s) unless set. */
  flood?: FloodLimit;
  /** The fake's limit on message sends per DM channel. */
  channelLimit: BucketLimit;
  /** Every n-th send is refused with a 429 carrying this `retry_after` (seconds). */
  rateLimitEvery: number;
  retryAfterSeconds: number;
  /**
   * discord.js's global limit (its default, 50 requests/s, is Discord's). Raised only to measure
   * Tend's own capacity on loopback; the fake does not enforce a global limit.
   */
  globalRequestsPerSecond?: number;
  /** Give up waiting for answers after this long. */
  timeoutMs: number;
}

export interface DiscordLoadResult extends LoadFigures {
  /** 429s the fake answered (planned ones and full channel windows). */
  rateLimited: number;
  /** Sends that came before the retry time the fake had announced for their channel. */
  early: number;
  /** Channels whose sent contents differ from what the engine answered there. */
  mismatchedChannels: number;
  errorLogs: number;
}

const isSend = (r: RecordedRequest) =>
  r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);

export async function runDiscordLoad(options: DiscordLoadOptions): Promise<DiscordLoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tend-load-discord-'));
  const db = openDatabase(join(dir, 'tend.db'));
  const engine = await createTestEngine({ store: new Store(db), flood: options.flood });
  const h = await startHarness({
    engine,
    fake: { messageRateLimit: options.channelLimit },
    rest:
      options.globalRequestsPerSecond === undefined
        ? undefined
        : { globalRequestsPerSecond: options.globalRequestsPerSecond },
  });
  try {
    const people = Array.from({ length: options.people }, () => h.newUser());
    // The one-time welcome, straight through the engine: it is not part of what is measured.
    for (const person of people) {
      h.engine.handleMessage({ person: { platform: 'discord', userId: person.id }, text: 'hi' });
    }
    const answeredBefore = h.engine.messages.length;
    h.fake.rateLimitEvery(options.rateLimitEvery, options.retryAfterSeconds);
    const requestsBefore = h.fake.requests.length;

    const dispatched = new Map<string, number[]>();
    const startedAt = performance.now();
    for (let i = 0; i < options.messagesPerPerson; i += 1) {
      people.forEach((person, p) => {
        const text = LOAD_MESSAGES[(p + i) % LOAD_MESSAGES.length] ?? 'hi';
        const { channelId, at } = h.fake.sendDm(person, text);
        dispatched.set(channelId, [...(dispatched.get(channelId) ?? []), at]);
      });
    }

    const total = options.people * options.messagesPerPerson;
    const sent = new Map<string, RecordedRequest[]>();
    let scanned = requestsBefore;
    let delivered = 0;
    const collect = (): boolean => {
      for (; scanned < h.fake.requests.length; scanned += 1) {
        const request = h.fake.requests[scanned];
        if (!request || !isSend(request) || request.status !== 200) continue;
        const channel = request.path.split('/')[2] ?? '';
        sent.set(channel, [...(sent.get(channel) ?? []), request]);
        delivered += 1;
      }
      return delivered >= total;
    };
    await h.fake.waitFor(collect, options.timeoutMs).catch(() => {});
    const endedAt = Math.max(...[...sent.values()].flat().map((r) => r.at));
    // A moment longer, so a reply sent twice would be seen.
    await new Promise((resolve) => setTimeout(resolve, 300));
    collect();

    // Per channel: the k-th message is paired with the k-th reply (one reply each, in order).
    const answerCounts: number[] = [];
    const latencies: number[] = [];
    let mismatchedChannels = 0;
    const repliesByUser = new Map<string, string[]>();
    h.engine.messages.slice(answeredBefore).forEach((message, i) => {
      const contents = renderReplies(h.engine.messageReplies[answeredBefore + i] ?? []).map(
        (payload) => payload.content,
      );
      const userId = message.person.userId;
      repliesByUser.set(userId, [...(repliesByUser.get(userId) ?? []), ...contents]);
    });
    for (const person of people) {
      const channel = h.fake.dmChannelFor(person.id);
      const times = dispatched.get(channel) ?? [];
      const replies = sent.get(channel) ?? [];
      times.forEach((at, k) => {
        const extra = k === times.length - 1 ? Math.max(0, replies.length - times.length) : 0;
        answerCounts.push(k < replies.length ? 1 + extra : 0);
        const reply = replies[k];
        if (reply) latencies.push(reply.at - at);
      });
      const expected = [...(repliesByUser.get(person.id) ?? [])].sort();
      const actual = replies.map((r) => String((r.body as { content?: unknown }).content)).sort();
      if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatchedChannels += 1;
    }
    return {
      ...figuresOf({ messages: total, answerCounts, latencies, startedAt, endedAt }),
      rateLimited: h.fake.requests.slice(requestsBefore).filter((r) => r.status === 429).length,
      early: h.fake.earlyRequests.length,
      mismatchedChannels,
      errorLogs: h.logs.lines.filter((line) => line.level >= 50).length,
    };
  } finally {
    await h.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
