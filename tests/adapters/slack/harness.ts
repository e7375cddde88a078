/**
 * One fake Slack and one Slack adapter (real Bolt) for a describe block, plus what tests look at:
 * the Web API calls the fake recorded, what the engine was asked and answered (a recording
 * wrapper around the engine), and the JSON log lines.
 */
import { Writable } from 'node:stream';
import type { webApi } from '@slack/bolt';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import type { Engine, Overview } from '../../../src/engine/engine.js';
import type {
  ActionInvocation,
  CommandInvocation,
  IncomingMessage,
  Person,
  Reply,
} from '../../../src/engine/types.js';
import { createLogger } from '../../../src/logger.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  FakeSlack,
  SIGNING_SECRET,
  SignedSender,
  buttonPress,
  dmChannelFor,
  dmEvent,
  eventCallback,
  slashCommand,
  type ApiCall,
} from '../../fakes/fake-slack.js';
import { createTestEngine } from '../../helpers/engine.js';

export const HARSH = "I'm so stupid for falling for him";
export const CRISIS = 'I want to kill myself';

/** Passes every call to the real engine and keeps the question and the answer. */
export class RecordingEngine implements Engine {
  readonly messages: { input: IncomingMessage; replies: Reply[] }[] = [];
  readonly commands: { input: CommandInvocation; replies: Reply[] }[] = [];
  readonly actions: { input: ActionInvocation; replies: Reply[] }[] = [];

  constructor(private readonly inner: Engine) {}

  handleMessage(input: IncomingMessage): Reply[] {
    const replies = this.inner.handleMessage(input);
    this.messages.push({ input, replies });
    return replies;
  }

  handleCommand(input: CommandInvocation): Reply[] {
    const replies = this.inner.handleCommand(input);
    this.commands.push({ input, replies });
    return replies;
  }

  handleAction(input: ActionInvocation): Reply[] {
    const replies = this.inner.handleAction(input);
    this.actions.push({ input, replies });
    return replies;
  }

  overview(person: Person): Overview {
    return this.inner.overview(person);
  }
}

export interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

export interface HarnessOptions {
  mode: 'http' | 'socket';
  /** The real engine unless a test needs a special one. */
  engine?: Engine;
  retryConfig?: webApi.RetryOptions;
  /** Web API timeout in ms, for tests where the fake stalls a call. */
  timeoutMs?: number;
  botToken?: string;
  appToken?: string;
}

/** What one request led to: the engine's replies and the Slack messages that carried them. */
export interface Answered {
  replies: Reply[];
  /** chat.postMessage params (in a DM) or response_url bodies (ephemeral), one per reply. */
  messages: Record<string, unknown>[];
}

export interface Harness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  engine: RecordingEngine;
  logs: LogLine[];
  /** Signed requests to the adapter's HTTP endpoint (HTTP mode). */
  slack: SignedSender;
  /** A user id no other test uses, so each test reads only its own DM channel. */
  newUser(): string;
  /** What the bot successfully posted in `user`'s DM so far. */
  postsTo(user: string): ApiCall[];
  /** Delivers an event (signed HTTP request or Socket Mode envelope); returns its event_id. */
  deliver(event: Record<string, unknown>, eventId?: string): Promise<string>;
  /**
   * Sends a DM as `user` and waits until the engine has answered and every reply is posted.
   * `sentAt` (performance.now()) is when the request left, for latency.
   */
  dm(
    user: string,
    text: string,
    options?: { eventId?: string; event?: Record<string, unknown> },
  ): Promise<Answered & { posts: ApiCall[]; sentAt: number }>;
  /** Runs a slash command as `user` in `channel` and waits for every ephemeral answer. */
  command(fields: {
    command: string;
    text: string;
    user: string;
    channel: string;
  }): Promise<Answered & { status: number }>;
  /** Presses one of Tend's buttons and waits for every answer, in the DM or ephemeral. */
  press(fields: {
    user: string;
    actionId: string;
    value?: string;
    channel: string;
    ephemeral?: boolean;
  }): Promise<Answered>;
  /**
   * Waits until a fresh DM is answered. Requests are handled in order, so anything sent before
   * has been dealt with by then: the way to assert that something was ignored.
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const fake = await FakeSlack.start();
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  const engine = new RecordingEngine(options.engine ?? (await createTestEngine()));
  const adapter = createSlackAdapter({
    engine,
    logger: createLogger({ level: 'info', destination }),
    botToken: options.botToken ?? BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: options.mode === 'socket' ? (options.appToken ?? APP_TOKEN) : undefined,
    port: 0,
    host: '127.0.0.1',
    apiUrl: fake.apiUrl,
    retryConfig: options.retryConfig ?? { retries: 0 },
    timeoutMs: options.timeoutMs,
  });
  try {
    await adapter.start();
  } catch (error) {
    await fake.stop();
    throw error;
  }
  const slack = new SignedSender(`http://127.0.0.1:${adapter.port ?? 0}/slack/events`);
  const socket = options.mode === 'socket';
  let users = 0;

  const postsTo = (user: string) =>
    fake
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && call.params.channel === dmChannelFor(user));
  const responsesTo = (url: string) =>
    fake.responses.filter((response) => response.url === url).map((response) => response.body);
  const asked = <T extends { input: { person: { userId: string } } }>(list: T[], user: string) =>
    list.filter((entry) => entry.input.person.userId === user);

  /**
   * Waits for the engine's answer number `before` + 1 to `user` in `list`, then until one message
   * per reply has arrived after the `already` ones that were there before.
   */
  const answered = async <T extends { input: { person: { userId: string } }; replies: Reply[] }>(
    list: T[],
    user: string,
    before: number,
    messages: () => Record<string, unknown>[],
    already: number,
  ): Promise<Answered> => {
    const entry = await fake.waitFor(() => asked(list, user)[before], 2000, `the engine (${user})`);
    const all = await fake.waitFor(
      () => messages().length >= already + entry.replies.length && messages(),
      2000,
      `${entry.replies.length} message(s) for ${user}`,
    );
    return { replies: entry.replies, messages: all.slice(already) };
  };

  const deliver = async (event: Record<string, unknown>, eventId?: string): Promise<string> => {
    const body = eventCallback(event, eventId);
    if (socket) {
      fake.sendEnvelope('events_api', body);
    } else {
      const { status } = await slack.event(body);
      if (status !== 200) throw new Error(`the adapter answered ${status} to an event`);
    }
    return String(body.event_id);
  };

  const dm: Harness['dm'] = async (user, text, dmOptions = {}) => {
    const before = asked(engine.messages, user).length;
    const postsBefore = postsTo(user).length;
    const sentAt = performance.now();
    await deliver(dmEvent(user, text, dmOptions.event), dmOptions.eventId);
    const result = await answered(
      engine.messages,
      user,
      before,
      () => postsTo(user).map((call) => call.params),
      postsBefore,
    );
    return { ...result, posts: postsTo(user).slice(postsBefore), sentAt };
  };

  const command: Harness['command'] = async (fields) => {
    const responseUrl = fake.responseUrl();
    const before = asked(engine.commands, fields.user).length;
    const payload = slashCommand({ ...fields, responseUrl });
    let status = 200; // Socket Mode acks on the socket
    if (socket) fake.sendEnvelope('slash_commands', payload);
    else status = (await slack.command(payload)).status;
    const result = await answered(
      engine.commands,
      fields.user,
      before,
      () => responsesTo(responseUrl),
      0,
    );
    return { ...result, status };
  };

  const press: Harness['press'] = async (fields) => {
    const responseUrl = fake.responseUrl();
    const before = asked(engine.actions, fields.user).length;
    const inDm = !fields.ephemeral && fields.channel.startsWith('D');
    const postsBefore = postsTo(fields.user).length;
    const payload = buttonPress({ ...fields, responseUrl });
    if (socket) fake.sendEnvelope('interactive', payload);
    else await slack.action(payload);
    return inDm
      ? answered(
          engine.actions,
          fields.user,
          before,
          () => postsTo(fields.user).map((c) => c.params),
          postsBefore,
        )
      : answered(engine.actions, fields.user, before, () => responsesTo(responseUrl), 0);
  };

  return {
    fake,
    adapter,
    engine,
    logs,
    slack,
    newUser: () => `U${(users += 1).toString().padStart(4, '0')}`,
    postsTo,
    deliver,
    dm,
    command,
    press,
    async settle() {
      await dm(`USETTLE${(users += 1)}`, 'hello');
    },
    async stop() {
      await adapter.stop();
      // The client is done once stop() resolves; the fake sees the TCP close a moment later.
      await fake.waitFor(() => fake.socketCount === 0, 1000, 'the socket to close');
      await fake.stop();
    },
  };
}

/** The action_ids of the buttons in a recorded message (post params or response body). */
export function actionIds(message: Record<string, unknown> | undefined): string[] {
  return blocksOf(message)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block.elements as { action_id: string }[]).map((e) => e.action_id));
}

/** The `blocks` of a recorded message (a Web API call's params or a response_url body). */
export function blocksOf(message: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const blocks = message?.blocks;
  return Array.isArray(blocks) ? (blocks as Record<string, unknown>[]) : [];
}

/** The value of the button with this action_id in a recorded message. */
export function buttonValue(message: Record<string, unknown> | undefined, actionId: string) {
  const button = blocksOf(message)
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements as { action_id: string; value?: string }[])
    .find((element) => element.action_id === actionId);
  return button?.value;
}
