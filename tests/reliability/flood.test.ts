/**
 * Flood control end to end, through the Slack adapter on the real Bolt: one person sending 25 DMs
 * at once hears "slowing down" once and then nothing more, while someone else is answered at
 * once, and a crisis from the flooding person is still answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmEvent } from '../fakes/fake-slack.js';
import { CRISIS, HARSH, startHarness, type Harness } from '../adapters/slack/harness.js';

const FLOOD = 25;

describe('one person flooding, through the Slack adapter', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ mode: 'http' });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('slows down for that person once, and keeps answering someone else promptly', async () => {
    const flooder = h.newUser();
    const other = h.newUser();
    await h.dm(other, 'hi');

    const flood = Array.from({ length: FLOOD }, (_, i) =>
      h.deliver(dmEvent(flooder, `message ${i}`)),
    );
    const answer = await h.dm(other, HARSH);
    expect(answer.replies.map((r) => r.kind)).toEqual(['reframe']);
    expect((answer.posts[0]?.at ?? Infinity) - answer.sentAt).toBeLessThan(1000);

    await Promise.all(flood);
    const asked = () => h.engine.messages.filter((m) => m.input.person.userId === flooder);
    await h.fake.waitFor(() => asked().length >= FLOOD, 5000, 'the whole flood');
    await h.settle();
    const texts = h.postsTo(flooder).map((call) => String(call.params.text));
    // The welcome, 20 answers, one "slowing down", then silence.
    expect(texts).toHaveLength(22);
    expect(texts.filter((t) => /slow down/.test(t))).toHaveLength(1);
    expect(asked().filter((m) => m.replies.length === 0)).toHaveLength(FLOOD - 21);

    const crisis = await h.dm(flooder, CRISIS);
    expect(crisis.replies.map((r) => r.kind)).toEqual(['crisis']);
  });
});
