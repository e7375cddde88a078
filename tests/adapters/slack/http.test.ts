import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { COMMANDS } from '../../../src/engine/commands.js';
import type { Reply } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/logger.js';
import {
  BOT_ID,
  BOT_USER_ID,
  FakeSlack,
  SIGNING_SECRET,
  dmChannelFor,
  dmEvent,
  eventCallback,
} from '../../fakes/fake-slack.js';
import {
  CRISIS,
  HARSH,
  actionIds,
  blocksOf,
  buttonValue,
  startHarness,
  type Answered,
  type Harness,
} from './harness.js';

const BUTTONS = ['tend_another', 'tend_why', 'tend_helped'];

describe('Slack adapter over HTTP, against a fake Slack', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ mode: 'http' });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('answers a DM with a reframe and Another / Why / Helped buttons', async () => {
    const user = h.newUser();
    const answer = await h.dm(user, HARSH);
    expect(h.engine.messages.at(-1)?.input).toEqual({
      person: { platform: 'slack', userId: user },
      text: HARSH,
    });
    expectFaithful(answer);
    expect(actionIds(the('reframe', answer))).toEqual(BUTTONS);
  });

  it('answers a crisis DM with the way to reach a person first, in bold, and no buttons', async () => {
    const user = h.newUser();
    const answer = await h.dm(user, CRISIS);
    const kinds = answer.replies.map((reply) => reply.kind);
    expect(kinds).toContain('crisis');
    expect(kinds).not.toContain('reframe');
    expectFaithful(answer);
    const crisis = answer.replies.find((reply) => reply.kind === 'crisis');
    const firstLine = crisis?.text.trim().split('\n')[0] ?? '';
    expect(blocksOf(the('crisis', answer))[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escape(firstLine.trim())}*` },
    });
    expect(answer.messages.flatMap(actionIds)).toEqual([]);
  });

  it('answers /reframe in a channel ephemerally, only to the caller', async () => {
    const user = h.newUser();
    const answer = await h.command({ command: '/reframe', text: HARSH, user, channel: 'CPUBLIC' });
    expect(answer.status).toBe(200);
    expectFaithful(answer);
    for (const message of answer.messages) expect(message.response_type).toBe('ephemeral');
    expect(actionIds(the('reframe', answer))).toEqual(BUTTONS);
    expect(h.engine.commands.at(-1)?.input).toEqual({
      person: { platform: 'slack', userId: user },
      name: 'reframe',
      args: HARSH,
      inSharedSpace: true,
    });
    expect(h.fake.calls.filter((call) => call.params.channel === 'CPUBLIC')).toEqual([]);
  });

  it('treats a command in a DM channel as private, and still answers ephemerally', async () => {
    const user = h.newUser();
    const answer = await h.command({
      command: '/reframe',
      text: HARSH,
      user,
      channel: dmChannelFor(user),
    });
    expect(h.engine.commands.at(-1)?.input.inSharedSpace).toBe(false);
    for (const message of answer.messages) expect(message.response_type).toBe('ephemeral');
  });

  it('answers every command and /tend word in COMMANDS, ephemerally', async () => {
    const invocations = COMMANDS.flatMap((command) => [
      { command: `/${command.name}`, text: '' },
      ...(command.subcommands ?? []).map((word) => ({
        command: `/${command.name}`,
        text: word.name,
      })),
    ]);
    expect(invocations.length).toBeGreaterThan(COMMANDS.length);
    for (const invocation of invocations) {
      const user = h.newUser();
      const answer = await h.command({ ...invocation, user, channel: 'CPUBLIC' });
      expect(answer.replies.length, `${invocation.command} ${invocation.text}`).toBeGreaterThan(0);
      expectFaithful(answer);
      for (const message of answer.messages) expect(message.response_type).toBe('ephemeral');
      expect(h.engine.commands.at(-1)?.input).toMatchObject({
        name: invocation.command.slice(1),
        args: invocation.text,
      });
    }
    expect(h.fake.calls.filter((call) => call.params.channel === 'CPUBLIC')).toEqual([]);
  });

  describe('buttons under a reframe in a DM', () => {
    it('Another answers with a different reframe in the DM', async () => {
      const user = h.newUser();
      const first = await h.dm(user, HARSH);
      const answer = await h.press({ user, actionId: 'tend_another', channel: dmChannelFor(user) });
      expect(h.engine.actions.at(-1)?.input).toEqual({
        person: { platform: 'slack', userId: user },
        actionId: 'another',
      });
      expect(answer.replies.map((reply) => reply.kind)).toEqual(['reframe']);
      expectFaithful(answer);
      expect(answer.messages[0]?.text).not.toEqual(the('reframe', first)?.text);
      expect(actionIds(answer.messages[0])).toEqual(BUTTONS);
    });

    it('Why explains, in the DM', async () => {
      const user = h.newUser();
      await h.dm(user, HARSH);
      const answer = await h.press({ user, actionId: 'tend_why', channel: dmChannelFor(user) });
      expect(answer.replies.map((reply) => reply.kind)).toEqual(['why']);
      expectFaithful(answer);
    });

    it('This helped thanks, and passes the button value to the engine', async () => {
      const user = h.newUser();
      const first = await h.dm(user, HARSH);
      const value = buttonValue(the('reframe', first), 'tend_helped');
      expect(value).toEqual(expect.any(String));
      const answer = await h.press({
        user,
        actionId: 'tend_helped',
        value,
        channel: dmChannelFor(user),
      });
      expect(h.engine.actions.at(-1)?.input).toEqual({
        person: { platform: 'slack', userId: user },
        actionId: 'helped',
        value,
      });
      expect(answer.replies.map((reply) => reply.kind)).toEqual(['thanks']);
      expectFaithful(answer);
    });
  });

  it('answers a button under an ephemeral answer ephemerally, without replacing it', async () => {
    const user = h.newUser();
    await h.command({ command: '/reframe', text: HARSH, user, channel: 'CPUBLIC' });
    const answer = await h.press({
      user,
      actionId: 'tend_why',
      channel: 'CPUBLIC',
      ephemeral: true,
    });
    expect(answer.messages[0]).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
    });
    expect(h.fake.calls.filter((call) => call.params.channel === 'CPUBLIC')).toEqual([]);
  });

  it('publishes the App Home: what Tend is, the commands from COMMANDS, privacy', async () => {
    const user = h.newUser();
    await h.deliver({
      type: 'app_home_opened',
      user,
      channel: dmChannelFor(user),
      tab: 'home',
      event_ts: '1700000000.000001',
    });
    const call = await h.fake.waitForCall('views.publish', (c) => c.params.user_id === user);
    const view = call.params.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const shown = JSON.stringify(view.blocks);
    for (const command of COMMANDS) {
      expect(shown).toContain(`/${command.name}`);
      for (const word of command.subcommands ?? []) {
        expect(shown).toContain(`/${command.name} ${word.name}`);
      }
    }
    // Opening the Home tab is read only: no command, message or turn for the person.
    expect(h.engine.commands.filter((entry) => entry.input.person.userId === user)).toEqual([]);
    expect(shown).toContain('not therapy');
    expect(shown).toContain('What I keep');
  });

  it('shows a person their own proud notes and check-ins on the App Home', async () => {
    const user = h.newUser();
    const person = { platform: 'slack' as const, userId: user };
    h.engine.handleCommand({ person, name: 'tend', args: 'keep yes', inSharedSpace: false });
    h.engine.handleCommand({
      person,
      name: 'proud',
      args: 'I went to the gym',
      inSharedSpace: false,
    });
    h.engine.handleCommand({ person, name: 'checkin', args: '4', inSharedSpace: false });
    await h.deliver({
      type: 'app_home_opened',
      user,
      channel: dmChannelFor(user),
      tab: 'home',
      event_ts: '1700000000.000002',
    });
    const call = await h.fake.waitForCall('views.publish', (c) => c.params.user_id === user);
    const shown = JSON.stringify((call.params.view as { blocks: unknown[] }).blocks);
    expect(shown).toContain('Your practices');
    expect(shown).toContain('I went to the gym');
    expect(shown).toMatch(/average: 4\.0 from 1/);
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    const user = h.newUser();
    await h.deliver({
      type: 'app_home_opened',
      user,
      channel: dmChannelFor(user),
      tab: 'messages',
      event_ts: '1700000000.000001',
    });
    await h.settle();
    expect(h.fake.callsTo('views.publish').filter((c) => c.params.user_id === user)).toEqual([]);
  });

  it('acks a redelivered event (x-slack-retry-num) and answers it only once', async () => {
    const user = h.newUser();
    const first = await h.dm(user, HARSH, { eventId: 'EvRedelivered1' });
    const retry = await h.slack.event(eventCallback(dmEvent(user, HARSH), 'EvRedelivered1'), {
      retryNum: 1,
    });
    expect(retry.status).toBe(200);
    await h.settle();
    expect(h.postsTo(user)).toHaveLength(first.replies.length);
    expect(h.engine.messages.filter((m) => m.input.person.userId === user)).toHaveLength(1);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        event: 'redelivery_ignored',
        eventId: 'EvRedelivered1',
        retryNum: 1,
      }),
    );
  });

  it("answers Slack's request-URL check (url_verification)", async () => {
    const response = await h.slack.event({ type: 'url_verification', challenge: 'c-123' });
    expect(response).toEqual({ status: 200, body: JSON.stringify({ challenge: 'c-123' }) });
  });

  it('rejects a bad signature with 401 and does not answer', async () => {
    const user = h.newUser();
    const response = await h.slack.event(eventCallback(dmEvent(user, HARSH)), {
      secret: 'not-the-signing-secret',
    });
    expect(response.status).toBe(401);
    await h.settle();
    expect(h.postsTo(user)).toEqual([]);
  });

  it('rejects a timestamp older than 5 minutes with 401 and does not answer', async () => {
    const user = h.newUser();
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await h.slack.event(eventCallback(dmEvent(user, HARSH)), {
      timestamp: sixMinutesAgo,
    });
    expect(response.status).toBe(401);
    await h.settle();
    expect(h.postsTo(user)).toEqual([]);
  });

  it('ignores its own messages, other bots, edits and channel messages', async () => {
    const user = h.newUser();
    const channel = dmChannelFor(user);
    await h.deliver(dmEvent(BOT_USER_ID, HARSH, { channel, bot_id: BOT_ID }));
    await h.deliver(dmEvent('UOTHERBOT', HARSH, { channel, bot_id: 'BOTHER' }));
    await h.deliver(dmEvent(user, HARSH, { subtype: 'message_changed' }));
    await h.deliver(dmEvent(user, HARSH, { channel: 'CPUBLIC', channel_type: 'channel' }));
    await h.settle();
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel)).toEqual(
      [],
    );
    expect(h.fake.calls.filter((call) => call.params.channel === 'CPUBLIC')).toEqual([]);
    expect(h.engine.messages.filter((m) => m.input.person.userId === user)).toEqual([]);
  });

  it('answers a DM written in a thread in that thread', async () => {
    const user = h.newUser();
    const answer = await h.dm(user, HARSH, { event: { thread_ts: '1700000000.000001' } });
    for (const message of answer.messages) expect(message.thread_ts).toBe('1700000000.000001');
  });

  it('passes what the person typed, not Slack markup, to the engine', async () => {
    const user = h.newUser();
    await h.dm(user, 'I told &lt;@U1&gt; &amp; <@U2> about <https://example.com|my day>');
    expect(h.engine.messages.at(-1)?.input.text).toBe('I told <@U1> & @U2 about my day');
  });

  it('logs a Web API error with its code and keeps answering', async () => {
    const user = h.newUser();
    h.fake.failNext('chat.postMessage', 'channel_not_found');
    await h.deliver(dmEvent(user, HARSH));
    const logged = await h.fake.waitFor(() =>
      h.logs.find((line) => line.slackError === 'channel_not_found'),
    );
    expect(logged).toMatchObject({
      level: 50,
      event: 'slack_error',
      code: 'slack_webapi_platform_error',
    });
    const answer = await h.dm(user, HARSH);
    expectFaithful(answer);
  });

  it('never writes message text to the log', async () => {
    const words = 'my secret harsh words, stupid me';
    const user = h.newUser();
    await h.dm(user, words);
    await h.command({ command: '/reframe', text: words, user, channel: 'CPUBLIC' });
    expect(h.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(h.logs)).not.toContain('secret harsh');
  });

  it('sendDirect opens the DM and posts there', async () => {
    const user = h.newUser();
    await h.adapter.sendDirect?.(user, [{ kind: 'nudge', text: 'A gentle reminder <!here>' }]);
    expect(h.fake.callsTo('conversations.open').at(-1)?.params.users).toBe(user);
    expect(h.postsTo(user).map((call) => call.params.text)).toEqual([
      'A gentle reminder &lt;!here&gt;',
    ]);
  });
});

describe('Slack adapter: markup and files in replies', () => {
  let h: Harness;
  const exportFile = { filename: 'tend-export.json', content: '{"proud":["ran 5k"]}' };

  beforeAll(async () => {
    // An engine that quotes the person (as a future feature might) and sends a file on command.
    h = await startHarness({
      mode: 'http',
      engine: {
        handleMessage: (message) => [
          {
            kind: 'listen',
            text: `You said: ${message.text}`,
            buttons: [{ actionId: 'why', label: 'Why?' }],
          },
        ],
        handleCommand: (command): Reply[] =>
          command.args === 'export'
            ? [{ kind: 'info', text: 'Everything I hold about you.', attachment: exportFile }]
            : [{ kind: 'info', text: `You said: ${command.args}` }],
        handleAction: (action): Reply[] =>
          action.actionId === 'checkin'
            ? [{ kind: 'thanks', text: `Noted: ${action.value ?? ''}` }]
            : [{ kind: 'crisis', text: '<!channel> first line\n<@U123> second' }],
        overview: () => ({ about: '<!here> about', privacy: 'privacy', practices: '' }),
      },
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('escapes <!channel>, <!here> and <@U…> so they can never ping', async () => {
    // A person typing "<!channel>" literally reaches the bot as "&lt;!channel&gt;".
    const { messages } = await h.dm(
      h.newUser(),
      'hi &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &amp;',
    );
    expect(messages[0]?.text).toBe(
      'You said: hi &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &amp;',
    );
    expect(JSON.stringify(messages)).not.toMatch(/<[!@]/);
  });

  it('escapes command answers and crisis lines too', async () => {
    const user = h.newUser();
    const answer = await h.command({
      command: '/reframe',
      text: '&lt;!everyone&gt;',
      user,
      channel: 'CPUBLIC',
    });
    expect(answer.messages[0]?.text).toBe('You said: &lt;!everyone&gt;');
    const crisis = await h.press({ user, actionId: 'tend_why', channel: dmChannelFor(user) });
    expect(blocksOf(crisis.messages[0])[0]).toMatchObject({
      text: { text: '*&lt;!channel&gt; first line*' },
    });
    expect(JSON.stringify(crisis.messages)).not.toMatch(/<[!@]/);
  });

  it('sends a file to the DM only, and says so in the ephemeral answer', async () => {
    const user = h.newUser();
    const answer = await h.command({ command: '/tend', text: 'export', user, channel: 'CPUBLIC' });
    expect(answer.messages[0]).toMatchObject({
      response_type: 'ephemeral',
      text: 'Everything I hold about you.',
    });
    expect(JSON.stringify(blocksOf(answer.messages[0]))).toContain('tend-export.json');
    const completed = await h.fake.waitForCall('files.completeUploadExternal');
    expect(completed.params.channel_id).toBe(dmChannelFor(user));
    const upload = h.fake.uploads.at(-1);
    expect(upload?.raw).toContain(exportFile.content);
    expect(h.fake.callsTo('files.getUploadURLExternal').at(-1)?.params.filename).toBe(
      exportFile.filename,
    );
    expect(h.fake.calls.filter((call) => call.params.channel_id === 'CPUBLIC')).toEqual([]);
  });

  it('passes each of several same-action buttons back with its own value', async () => {
    const user = h.newUser();
    const answer = await h.press({
      user,
      actionId: 'tend_checkin.3',
      value: '3',
      channel: dmChannelFor(user),
    });
    expect(h.engine.actions.at(-1)?.input).toMatchObject({ actionId: 'checkin', value: '3' });
    expect(answer.messages[0]?.text).toBe('Noted: 3');
  });
});

describe('Slack adapter: rate limits and start-up errors', () => {
  it('waits as long as Retry-After asks, then retries the call', async () => {
    const h = await startHarness({
      mode: 'http',
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
    });
    try {
      const user = h.newUser();
      h.fake.rateLimitNext('chat.postMessage', 1);
      const answer = await h.dm(user, HARSH);
      expectFaithful(answer);
      const [limited, retried] = h.fake
        .callsTo('chat.postMessage')
        .filter((call) => call.params.channel === dmChannelFor(user));
      expect(limited?.ok).toBe(false);
      expect(retried?.params).toEqual(limited?.params);
      expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);
      expect(h.logs.filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  it('explains a refused bot token, naming SLACK_BOT_TOKEN', async () => {
    const fake = await FakeSlack.start();
    const adapter = createSlackAdapter({
      engine: {
        handleMessage: () => [],
        handleCommand: () => [],
        handleAction: () => [],
        overview: () => ({ about: '', privacy: '', practices: '' }),
      },
      logger: createLogger({ level: 'silent' }),
      botToken: 'xoxb-wrong',
      signingSecret: SIGNING_SECRET,
      port: 0,
      host: '127.0.0.1',
      apiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    try {
      await expect(adapter.start()).rejects.toThrow(/SLACK_BOT_TOKEN \(invalid_auth\)/);
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });
});

/** Each reply became one message, in order, with its text escaped and set as the fallback. */
function expectFaithful({ replies, messages }: Answered): void {
  expect(messages.map((message) => message.text)).toEqual(
    replies.map((reply) => escape(reply.text.trim())),
  );
}

/** The message that carried the first reply of this kind. */
function the(kind: Reply['kind'], { replies, messages }: Answered) {
  return messages[replies.findIndex((reply) => reply.kind === kind)];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
