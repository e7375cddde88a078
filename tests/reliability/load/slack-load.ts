/**
 * Slack under load: `people` simulated people each send `messagesPerPerson` DMs as signed Events
 * API requests to the real Bolt HTTP receiver, all at once, against the fake Slack on 127.0.0.1.
 * Each message is written in its own thread, so the reply Tend posts in that thread names the
 * message it answers: that is how "exactly once" is checked per message, not just in total.
 * Latency is from the signed request leaving to the fake recording the chat.postMessage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FloodLimit } from '../../../src/engine/flood.js';
import { openDatabase } from '../../../src/storage/database.js';
import { Store } from '../../../src/storage/store.js';
import { startHarness } from '../../adapters/slack/harness.js';
import { dmEvent, eventCallback } from '../../fakes/fake-slack.js';
import { createTestEngine } from '../../helpers/engine.js';
import { figuresOf, type LoadFigures } from './figures.js';
import { LOAD_MESSAGES } from './messages.js';

export interface SlackLoadOptions {
  people: number;
  messagesPerPerson: number;
  /** The engine's flood limit for this run; the default (20 per 10 s) unless set. */
  flood?: FloodLimit;
  /** Give up waiting for answers after this long. */
  timeoutMs: number;
}

export interface SlackLoadResult extends LoadFigures {
  /** Engine answers that were not exactly one reply (each message in the mix should get one). */
  unexpectedReplyCounts: number;
  errorLogs: number;
}

export async function runSlackLoad(options: SlackLoadOptions): Promise<SlackLoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tend-load-slack-'));
  const db = openDatabase(join(dir, 'tend.db'));
  const engine = await createTestEngine({ store: new Store(db), flood: options.flood });
  const h = await startHarness({ mode: 'http', engine });
  try {
    const people = Array.from({ length: options.people }, () => h.newUser());
    // First contact brings the one-time welcome; get it out of the way before measuring.
    for (const person of people) await h.dm(person, 'hi');
    const greeted = h.engine.messages.length;

    const sentAt = new Map<string, number>();
    const answers = new Map<string, number[]>();
    let scanned = h.fake.calls.length;
    const total = options.people * options.messagesPerPerson;
    const collect = (): boolean => {
      for (; scanned < h.fake.calls.length; scanned += 1) {
        const call = h.fake.calls[scanned];
        const thread = call?.params.thread_ts;
        if (call?.method !== 'chat.postMessage' || !call.ok || typeof thread !== 'string') continue;
        answers.set(thread, [...(answers.get(thread) ?? []), call.at]);
      }
      return answers.size >= total;
    };

    const startedAt = performance.now();
    await Promise.all(
      people.map(async (person, p) => {
        for (let i = 0; i < options.messagesPerPerson; i += 1) {
          const thread = `1800000000.${String(p * 100_000 + i).padStart(7, '0')}`;
          const text = LOAD_MESSAGES[(p + i) % LOAD_MESSAGES.length] ?? 'hi';
          const body = eventCallback(dmEvent(person, text, { thread_ts: thread }));
          sentAt.set(thread, performance.now());
          const { status } = await h.slack.event(body);
          if (status !== 200) throw new Error(`Bolt answered ${status} to an event`);
        }
      }),
    );
    await h.fake.waitFor(collect, options.timeoutMs, 'an answer to every message').catch(() => {});
    const endedAt = Math.max(...[...answers.values()].map((times) => times[0] ?? 0));
    // A moment longer, so an answer posted twice would be seen.
    await new Promise((resolve) => setTimeout(resolve, 200));
    collect();

    const threads = [...sentAt.keys()];
    return {
      ...figuresOf({
        messages: total,
        answerCounts: threads.map((t) => answers.get(t)?.length ?? 0),
        latencies: threads
          .filter((t) => answers.has(t))
          .map((t) => (answers.get(t)?.[0] ?? 0) - (sentAt.get(t) ?? 0)),
        startedAt,
        endedAt,
      }),
      unexpectedReplyCounts: h.engine.messages.slice(greeted).filter((m) => m.replies.length !== 1)
        .length,
      errorLogs: h.logs.filter((line) => line.level >= 50).length,
    };
  } finally {
    await h.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
