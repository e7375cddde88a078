/**
 * One fake Discord plus one real discord.js client running the adapter, and a log capture.
 * Tests assert on what the fake recorded and on the adapter's log lines.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import {
  createDiscordAdapter,
  type DiscordAdapterOptions,
} from '../../../adapters/discord/index.js';
import type { Adapter } from '../../../src/adapter.js';
import type { Engine } from '../../../src/engine/engine.js';
import type {
  ActionInvocation,
  CommandInvocation,
  IncomingMessage,
  Person,
  Reply,
} from '../../../src/engine/types.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { FakeDiscord, type FakeDiscordOptions, type FakeUser } from '../../fakes/fake-discord.js';
import { createTestEngine } from '../../helpers/engine.js';

export const TOKEN = 'fake-bot-token';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** Collects pino's JSON lines; `waitFor` resolves once a line matches. */
export class LogCapture {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  readonly logger: Logger;
  private readonly changed = new EventEmitter();

  constructor() {
    const destination = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
          this.raw.push(text);
          this.lines.push(JSON.parse(text) as LogLine);
        }
        this.changed.emit('change');
        done();
      },
    });
    this.logger = createLogger({ level: 'debug', destination });
  }

  waitFor(predicate: (line: LogLine) => boolean, timeoutMs = 2000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.lines.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching log line within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changed.off('change', check);
      };
      this.changed.on('change', check);
      check();
    });
  }
}

/** The real engine, with every call recorded so tests can see what the adapter passed in. */
export class RecordingEngine implements Engine {
  readonly messages: IncomingMessage[] = [];
  /** What the engine answered to each of `messages`, at the same index. */
  readonly messageReplies: Reply[][] = [];
  readonly commands: CommandInvocation[] = [];
  readonly actions: ActionInvocation[] = [];

  private constructor(private readonly engine: Engine) {}

  /** Around `engine`, or a fresh test engine. */
  static async create(engine?: Engine): Promise<RecordingEngine> {
    return new RecordingEngine(engine ?? (await createTestEngine()));
  }

  handleMessage(message: IncomingMessage) {
    this.messages.push(message);
    const replies = this.engine.handleMessage(message);
    this.messageReplies.push(replies);
    return replies;
  }
  handleCommand(command: CommandInvocation) {
    this.commands.push(command);
    return this.engine.handleCommand(command);
  }
  handleAction(action: ActionInvocation) {
    this.actions.push(action);
    return this.engine.handleAction(action);
  }
  overview(person: Person) {
    return this.engine.overview(person);
  }
}

export interface Harness {
  fake: FakeDiscord;
  adapter: Adapter;
  logs: LogCapture;
  engine: RecordingEngine;
  /** A new person, so engine state (rotation, last reply) never leaks between tests. */
  newUser(): FakeUser;
  /** A person who already wrote once, so Tend's first-contact welcome is behind them. */
  knownUser(): Promise<FakeUser>;
  /** The reply kinds of the last answered DM or interaction, from the adapter's log. */
  lastKinds(event: 'dm' | 'interaction'): string[];
  /** Sends a DM and resolves with every message body Tend sent back, once it has finished. */
  dm(user: FakeUser, text: string): Promise<Record<string, unknown>[]>;
  /** Resolves with the interaction's answer bodies (callback data, then follow-ups). */
  answered(interactionId: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** The engine to record around; a fresh test engine by default. */
  engine?: Engine;
  /** Fake Discord settings (heartbeat interval, message rate limit). */
  fake?: Omit<FakeDiscordOptions, 'token'>;
  /** discord.js REST settings, e.g. a short timeout for fault tests. */
  rest?: DiscordAdapterOptions['rest'];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const engine = await RecordingEngine.create(options.engine);
  const fake = new FakeDiscord({ ...options.fake, token: TOKEN });
  await fake.start();
  const logs = new LogCapture();
  const adapter = createDiscordAdapter({
    engine,
    logger: logs.logger,
    token: TOKEN,
    apiUrl: fake.apiUrl,
    rest: options.rest,
  });
  await adapter.start();

  const newUser = (): FakeUser => ({ id: fake.newId(), username: 'someone' });
  const dm = async (user: FakeUser, text: string) => {
    const before = fake.requests.length;
    const answeredBefore = logs.lines.length;
    const { channelId } = fake.sendDm(user, text);
    // The adapter logs after its last send, so every reply is recorded by then.
    await logs.waitFor(
      (l) =>
        l.event === 'dm' &&
        l.channelId === channelId &&
        l.level === 30 &&
        logs.lines.indexOf(l) >= answeredBefore,
    );
    return fake.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`)
      .map((r) => r.body as Record<string, unknown>);
  };

  return {
    fake,
    adapter,
    logs,
    engine,
    newUser,
    async knownUser() {
      const user = newUser();
      await dm(user, 'hi');
      return user;
    },
    lastKinds(event) {
      const line = logs.lines.filter((l) => l.event === event && l.level === 30).at(-1);
      return (line?.replyKinds as string[] | undefined) ?? [];
    },
    dm,
    async answered(interactionId) {
      await logs.waitFor((l) => l.event === 'interaction' && l.interactionId === interactionId);
      const callback = fake.requests.find(
        (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`),
      );
      const token = callback?.path.split('/')[3];
      const followUps = fake.requests.filter(
        (r) => r.method === 'POST' && token !== undefined && r.path.endsWith(`/${token}`),
      );
      const callbackData = (callback?.body as { data?: Record<string, unknown> } | undefined)?.data;
      return [
        ...(callbackData ? [callbackData] : []),
        ...followUps.map((r) => r.body as Record<string, unknown>),
      ];
    },
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}

/** The custom ids of the buttons on a message body. */
export function buttonIds(body: Record<string, unknown> | undefined): string[] {
  const rows = (body?.components ?? []) as { components: { custom_id?: string }[] }[];
  return rows.flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
}
