import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN, dmChannelFor, dmEvent, eventCallback } from '../../fakes/fake-slack.js';
import { CRISIS, HARSH, actionIds, startHarness, type Answered, type Harness } from './harness.js';

describe('Slack adapter in Socket Mode, against a fake Slack', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ mode: 'socket' });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('connects with the app token and listens on no port', () => {
    expect(h.fake.callsTo('apps.connections.open').map((call) => call.token)).toEqual([APP_TOKEN]);
    expect(h.fake.socketCount).toBe(1);
    expect(h.adapter.port).toBeUndefined();
  });

  it('acks a DM envelope and answers with a reframe and buttons', async () => {
    const user = h.newUser();
    const answer = await h.dm(user, HARSH);
    const envelope = h.fake.envelopes.at(-1);
    await h.fake.waitFor(() => h.fake.acks.some((ack) => ack.envelope_id === envelope));
    // Over the socket the client only ever acks; it never sends anything else.
    expect(h.fake.otherSocketMessages).toEqual([]);
    expect(answer.messages).toHaveLength(answer.replies.length);
    expect(actionIds(the('reframe', answer))).toEqual(['tend_another', 'tend_why', 'tend_helped']);
  });

  it('answers a crisis DM with crisis resources and no buttons', async () => {
    const answer = await h.dm(h.newUser(), CRISIS);
    const kinds = answer.replies.map((reply) => reply.kind);
    expect(kinds).toContain('crisis');
    expect(kinds).not.toContain('reframe');
    expect(answer.messages.flatMap(actionIds)).toEqual([]);
  });

  it('acks a redelivered envelope and answers the event only once', async () => {
    const user = h.newUser();
    const first = await h.dm(user, HARSH, { eventId: 'EvSocketRedelivered1' });
    const retry = h.fake.sendEnvelope(
      'events_api',
      eventCallback(dmEvent(user, HARSH), 'EvSocketRedelivered1'),
      { retry_attempt: 1, retry_reason: 'timeout' },
    );
    await h.fake.waitFor(() => h.fake.acks.some((ack) => ack.envelope_id === retry));
    await h.settle();
    expect(h.postsTo(user)).toHaveLength(first.replies.length);
  });

  it('answers /reframe ephemerally through response_url, and acks the envelope', async () => {
    const answer = await h.command({
      command: '/reframe',
      text: HARSH,
      user: h.newUser(),
      channel: 'CPUBLIC',
    });
    for (const message of answer.messages) expect(message.response_type).toBe('ephemeral');
    const envelope = h.fake.envelopes.at(-1);
    expect(h.fake.acks.map((ack) => ack.envelope_id)).toContain(envelope);
    expect(h.engine.commands.at(-1)?.input.inSharedSpace).toBe(true);
  });

  it('answers a button in a DM in the DM', async () => {
    const user = h.newUser();
    await h.dm(user, HARSH);
    const answer = await h.press({ user, actionId: 'tend_why', channel: dmChannelFor(user) });
    expect(answer.replies.map((reply) => reply.kind)).toEqual(['why']);
    expect(answer.messages).toHaveLength(1);
  });
});

describe('Slack adapter in Socket Mode: start and stop', () => {
  it('stop() closes the socket cleanly (close code 1000)', async () => {
    const h = await startHarness({ mode: 'socket', engine: silentEngine() });
    await h.adapter.stop();
    await h.fake.waitFor(() => h.fake.socketCount === 0, 1000, 'the socket to close');
    expect(h.fake.socketCloseCodes).toEqual([1000]);
    await h.fake.stop();
  });

  it('explains a refused app token, naming SLACK_APP_TOKEN', async () => {
    await expect(
      startHarness({ mode: 'socket', appToken: 'xapp-wrong', engine: silentEngine() }),
    ).rejects.toThrow(/SLACK_APP_TOKEN \(invalid_auth\)/);
  });
});

/** For tests about the connection itself, where what Tend says does not matter. */
function silentEngine() {
  return {
    handleMessage: () => [],
    handleCommand: () => [],
    handleAction: () => [],
    overview: () => ({ about: '', privacy: '', practices: '' }),
  };
}

/** The message that carried the first reply of this kind. */
function the(kind: string, { replies, messages }: Answered) {
  return messages[replies.findIndex((reply) => reply.kind === kind)];
}
