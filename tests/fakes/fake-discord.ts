/**
 * A small fake of Discord's REST API and gateway on 127.0.0.1, enough for discord.js 14 to log in,
 * receive DMs and interactions, answer them, resume after a disconnect and register commands.
 * It records every request and gateway frame so tests assert on what "Discord" saw.
 * Unknown routes answer 404, so a missing route shows up as a failing test.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { RateLimitBuckets, type BucketLimit } from './rate-limit-buckets.js';

export const BOT_USER = {
  id: '100000000000000001',
  username: 'tend',
  discriminator: '0',
  global_name: 'Tend',
  avatar: null,
  bot: true,
};
export const APPLICATION_ID = '100000000000000002';

/** Interaction contexts, as Discord numbers them. */
export const CONTEXT = { guild: 0, botDm: 1, privateChannel: 2 } as const;

export interface RecordedRequest {
  method: string;
  /** Decoded path after /api/v10, e.g. "/channels/123/messages" or ".../messages/@original". */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** Parsed JSON; for multipart uploads, the `payload_json` part. */
  body: unknown;
  /** Files of a multipart upload (discord.js sends attachments that way). */
  files: { name: string; text: string }[];
  /** performance.now() when the whole request had arrived. */
  at: number;
  /** The status the fake answered with; 0 while unanswered (or never, for a stalled request). */
  status: number;
}

export interface RecordedFrame {
  direction: 'received' | 'sent';
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
  at: number;
}

/** A JSON error Discord-style: status plus `{ code, message }`. */
export interface FakeError {
  status: number;
  code: number;
  message: string;
  /** For 429: seconds to wait, sent as `retry_after` and the `retry-after` header. */
  retryAfter?: number;
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

interface Answer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  pattern: RegExp;
  auth: boolean;
  handle: (match: string[], body: unknown) => { status: number; json?: unknown };
}

type CommandJson = Record<string, unknown> & { name: string };

export interface FakeDiscordOptions {
  /** The only bot token REST and the gateway accept. */
  token: string;
  heartbeatIntervalMs?: number;
  /**
   * Per-channel limit on message sends, announced in X-RateLimit-* headers and enforced with 429s.
   * No X-RateLimit-Bucket hash is sent, so discord.js keeps one sequential queue per channel from
   * the first request on (learning a hash, it moves later requests to a new queue), and a send
   * that arrives early is discord.js or Tend not waiting, never two queues overlapping.
   */
  messageRateLimit?: BucketLimit;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly frames: RecordedFrame[] = [];
  /** Close code to answer IDENTIFY with (4004 = authentication failed), or none. */
  closeOnIdentify: number | undefined;
  /** Registered commands per scope: "global" or a guild id. */
  readonly commands = new Map<string, CommandJson[]>();
  /** When false, heartbeats go unacknowledged: a zombie connection, as discord.js calls it. */
  ackHeartbeats = true;
  /** Message sends that arrived before the retry time the fake had announced (should be none). */
  readonly earlyRequests: RecordedRequest[] = [];

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly changed = new EventEmitter();
  private readonly routes: Route[];
  private readonly pendingErrors: { method: string; pattern: RegExp; error: FakeError }[] = [];
  private readonly pendingStalls: { method: string; pattern: RegExp }[] = [];
  private readonly messageLimits: RateLimitBuckets;
  private rateLimitPlan: { every: number; retryAfterMs: number; count: number } | undefined;
  /** Dispatches of the current session, replayed after a RESUME as Discord does. */
  private sessionDispatches: Omit<RecordedFrame, 'direction' | 'at'>[] = [];
  private readonly dmChannels = new Map<string, string>();
  private readonly interactions = new Map<string, { acknowledged: boolean }>();
  private socket: WebSocket | undefined;
  private sequence = 0;
  private nextId = 200000000000000000n;
  private sessionId = '';
  private port = 0;

  constructor(private readonly options: FakeDiscordOptions) {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.onConnection(socket));
    this.routes = this.buildRoutes();
    this.messageLimits = new RateLimitBuckets(options.messageRateLimit);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** For the client's `rest.api` option (discord.js appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves with the predicate's first truthy result; re-checked after every request or frame. */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 2000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const result = predicate();
        if (result) {
          cleanup();
          resolve(result);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Discord: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changed.off('change', check);
      };
      this.changed.on('change', check);
      check();
    });
  }

  /** Makes the next matching request fail with a Discord-style error. */
  failNext(method: string, pattern: RegExp, error: FakeError): void {
    this.pendingErrors.push({ method, pattern, error });
  }

  /** The next matching request is never answered (and not carried out): a REST timeout. */
  stallNext(method: string, pattern: RegExp): void {
    this.pendingStalls.push({ method, pattern });
  }

  /**
   * Answers every `every`-th message send with a 429 and this `retry_after`, on top of the
   * per-channel limit; the channel stays blocked until then, and `earlyRequests` catches a send
   * that does not wait.
   */
  rateLimitEvery(every: number, retryAfterSeconds: number): void {
    this.rateLimitPlan = { every, retryAfterMs: retryAfterSeconds * 1000, count: 0 };
  }

  newId(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  /** The DM channel between the bot and this user (created on first use, as Discord does). */
  dmChannelFor(userId: string): string {
    let channelId = this.dmChannels.get(userId);
    if (!channelId) {
      channelId = this.newId();
      this.dmChannels.set(userId, channelId);
    }
    return channelId;
  }

  /**
   * Sends a gateway dispatch (op 0) and returns when it was sent (performance.now()). While the
   * connection is down it is kept for the client's RESUME, as Discord keeps a session's events.
   */
  dispatch(t: string, d: unknown): number {
    const socket = this.socket;
    if (this.sessionId === '') throw new Error('fake Discord: no gateway session');
    this.sequence += 1;
    const frame = { op: 0, t, s: this.sequence, d };
    this.sessionDispatches.push(frame);
    if (!socket || socket.readyState !== socket.OPEN) return performance.now();
    return this.send(socket, frame);
  }

  /** A user writes to the bot in their DM; returns the message id, channel id and dispatch time. */
  sendDm(user: FakeUser, content: string): { messageId: string; channelId: string; at: number } {
    const channelId = this.dmChannelFor(user.id);
    const messageId = this.newId();
    const at = this.dispatch('MESSAGE_CREATE', {
      ...this.message(messageId, channelId, user, content),
      // discord.js builds the partial DM channel from this field; without it the DM is dropped.
      channel_type: 1,
    });
    return { messageId, channelId, at };
  }

  /** A message in a server channel (the bot should not answer these). */
  sendGuildMessage(user: FakeUser, guildId: string, content: string): { channelId: string } {
    const channelId = this.newId();
    this.dispatch('MESSAGE_CREATE', {
      ...this.message(this.newId(), channelId, user, content),
      guild_id: guildId,
      channel_type: 0,
      member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false },
    });
    return { channelId };
  }

  /** A slash command; `options` as Discord sends them. Returns the interaction id. */
  sendSlashCommand(input: {
    user: FakeUser;
    name: string;
    options?: unknown[];
    context: number;
    guildId?: string;
    locale?: string;
  }): string {
    return this.sendInteraction(input, {
      type: 2,
      data: { id: this.newId(), name: input.name, type: 1, options: input.options ?? [] },
    });
  }

  /** A button press on a message the bot sent. Returns the interaction id. */
  pressButton(input: {
    user: FakeUser;
    customId: string;
    context: number;
    guildId?: string;
    locale?: string;
  }): string {
    const channelId = this.channelForContext(input);
    return this.sendInteraction(input, {
      type: 3,
      data: { custom_id: input.customId, component_type: 2 },
      message: {
        ...this.message(this.newId(), channelId, BOT_USER, ''),
        flags: input.context === CONTEXT.botDm ? 0 : 64,
      },
    });
  }

  /** Closes the gateway socket as Discord would (4000 = unknown error, so the client resumes). */
  forceClose(code = 4000): void {
    this.socket?.close(code, 'closed by the fake');
  }

  /** Drops the gateway connection without a close frame, as a network failure would. */
  dropConnection(): void {
    this.socket?.terminate();
  }

  /** How many gateway connections the client has opened so far. */
  get connections(): number {
    return this.frames.filter((f) => f.direction === 'sent' && f.op === 10).length;
  }

  /** Every recorded request that sends a message (DM sends, interaction callbacks, follow-ups). */
  messageRequests(): RecordedRequest[] {
    return this.requests.filter((r) => isMessageSend(r));
  }

  private sendInteraction(
    input: { user: FakeUser; context: number; guildId?: string; locale?: string },
    fields: Record<string, unknown>,
  ): string {
    const id = this.newId();
    const token = `token-${id}`;
    this.interactions.set(token, { acknowledged: false });
    const inGuild = input.context === CONTEXT.guild;
    const guildId = inGuild ? (input.guildId ?? this.newId()) : undefined;
    const channelId = this.channelForContext(input);
    const user = toUserJson(input.user);
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APPLICATION_ID,
      token,
      version: 1,
      locale: input.locale ?? 'en-US',
      app_permissions: '0',
      entitlements: [],
      authorizing_integration_owners: inGuild ? { '0': guildId } : { '1': input.user.id },
      context: input.context,
      channel_id: channelId,
      channel: inGuild
        ? { id: channelId, type: 0, guild_id: guildId }
        : { id: channelId, type: input.context === CONTEXT.botDm ? 1 : 3 },
      ...(inGuild
        ? {
            guild_id: guildId,
            member: { user, roles: [], permissions: '0', joined_at: new Date(0).toISOString() },
          }
        : { user }),
      ...fields,
    });
    return id;
  }

  private channelForContext(input: { user: FakeUser; context: number }): string {
    return input.context === CONTEXT.botDm ? this.dmChannelFor(input.user.id) : this.newId();
  }

  private message(
    id: string,
    channelId: string,
    author: FakeUser | typeof BOT_USER,
    content: string,
  ) {
    return {
      id,
      channel_id: channelId,
      author: toUserJson(author),
      content,
      timestamp: new Date(0).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
    };
  }

  private send(socket: WebSocket, frame: Omit<RecordedFrame, 'direction' | 'at'>): number {
    socket.send(JSON.stringify(frame));
    const at = performance.now();
    this.record(this.frames, { direction: 'sent', ...frame, at });
    return at;
  }

  private record<T>(list: T[], item: T): void {
    list.push(item);
    this.changed.emit('change');
  }

  private onConnection(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data) => this.onFrame(socket, JSON.parse(String(data))));
    this.send(socket, {
      op: 10,
      d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 250 },
    });
  }

  private onFrame(socket: WebSocket, frame: { op: number; d: unknown }): void {
    this.record(this.frames, {
      direction: 'received',
      op: frame.op,
      d: frame.d,
      at: performance.now(),
    });
    switch (frame.op) {
      case 1: // heartbeat
        if (this.ackHeartbeats) this.send(socket, { op: 11, d: null });
        break;
      case 2: // identify
        this.onIdentify(socket, frame.d as { token: string });
        break;
      case 6: // resume
        this.onResume(socket, frame.d as { token: string; session_id: string; seq: number });
        break;
    }
  }

  private onIdentify(socket: WebSocket, d: { token: string }): void {
    if (this.closeOnIdentify !== undefined || d.token !== this.options.token) {
      socket.close(this.closeOnIdentify ?? 4004, 'Authentication failed.');
      return;
    }
    this.sessionId = `session-${this.newId()}`;
    this.sessionDispatches = [];
    this.sequence += 1;
    this.send(socket, {
      op: 0,
      t: 'READY',
      s: this.sequence,
      d: {
        v: 10,
        user: BOT_USER,
        // Listing guilds here would make discord.js wait for GUILD_CREATE before it is ready.
        guilds: [],
        session_id: this.sessionId,
        resume_gateway_url: this.gatewayUrl,
        application: { id: APPLICATION_ID, flags: 0 },
        shard: [0, 1],
      },
    });
  }

  private onResume(socket: WebSocket, d: { token: string; session_id: string; seq: number }): void {
    if (d.token !== this.options.token || d.session_id !== this.sessionId) {
      this.send(socket, { op: 9, d: false }); // invalid session: the client identifies again
      return;
    }
    // Everything the client missed, in order, then RESUMED.
    for (const frame of this.sessionDispatches) {
      if ((frame.s ?? 0) > d.seq) this.send(socket, frame);
    }
    this.sequence += 1;
    this.send(socket, { op: 0, t: 'RESUMED', s: this.sequence, d: {} });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      ...(await parseBody(Buffer.concat(chunks), req.headers['content-type'])),
      at: performance.now(),
      status: 0,
    };
    const stall = this.pendingStalls.findIndex(
      (s) => s.method === request.method && s.pattern.test(request.path),
    );
    if (stall !== -1) {
      // No answer at all: the client's timeout ends it; stop() closes the connection.
      this.pendingStalls.splice(stall, 1);
      this.record(this.requests, request);
      return;
    }
    const { status, json, headers } = this.answer(request);
    request.status = status;
    this.record(this.requests, request);
    if (json === undefined) {
      // As Discord: a 204 has no content type (the REST client would try to parse JSON).
      res.writeHead(status, headers).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(json));
  }

  private answer(request: RecordedRequest): Answer {
    const failure = this.pendingErrors.findIndex(
      (e) => e.method === request.method && e.pattern.test(request.path),
    );
    if (failure !== -1) {
      const [pending] = this.pendingErrors.splice(failure, 1);
      if (pending) return errorResponse(pending.error);
    }
    const limit = this.checkMessageLimit(request);
    if (limit?.refusal) return limit.refusal;
    for (const route of this.routes) {
      const match = route.method === request.method ? route.pattern.exec(request.path) : null;
      if (!match) continue;
      if (route.auth && request.authorization !== `Bot ${this.options.token}`) {
        return { status: 401, json: { message: '401: Unauthorized', code: 0 } };
      }
      return { ...route.handle(match.slice(1), request.body), headers: limit?.headers };
    }
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }

  private buildRoutes(): Route[] {
    const id = '(\\d+)';
    const route = (method: string, path: string, handle: Route['handle'], auth = true): Route => ({
      method,
      pattern: new RegExp(`^${path}$`),
      auth,
      handle,
    });
    const ok = (json: unknown) => ({ status: 200, json });
    const knownChannel = (channelId: string) => [...this.dmChannels.values()].includes(channelId);
    const unknownChannel = { status: 404, json: { message: 'Unknown Channel', code: 10003 } };

    return [
      route('GET', '/gateway/bot', () =>
        ok({
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 86_400_000,
            max_concurrency: 1,
          },
        }),
      ),
      route('GET', '/users/@me', () => ok(BOT_USER)),
      route('GET', '/applications/@me', () =>
        ok({ id: APPLICATION_ID, name: 'Tend', bot: BOT_USER, flags: 0 }),
      ),
      route('GET', `/users/${id}`, ([userId]) => ok(toUserJson({ id: userId!, username: 'u' }))),
      route('POST', '/users/@me/channels', (_m, body) => {
        const recipient = (body as { recipient_id: string }).recipient_id;
        return ok({
          id: this.dmChannelFor(recipient),
          type: 1,
          recipients: [toUserJson({ id: recipient, username: 'u' })],
        });
      }),
      route('GET', `/channels/${id}`, ([channelId]) =>
        knownChannel(channelId!) ? ok({ id: channelId, type: 1, recipients: [] }) : unknownChannel,
      ),
      route('POST', `/channels/${id}/messages`, ([channelId], body) =>
        knownChannel(channelId!) ? ok(this.sentMessage(channelId!, body)) : unknownChannel,
      ),
      route(
        'POST',
        `/interactions/${id}/([^/]+)/callback`,
        ([, token]) => {
          const interaction = this.interactions.get(token!);
          if (!interaction)
            return { status: 404, json: { message: 'Unknown interaction', code: 10062 } };
          if (interaction.acknowledged) {
            return {
              status: 400,
              json: { message: 'Interaction has already been acknowledged.', code: 40060 },
            };
          }
          interaction.acknowledged = true;
          return { status: 204 };
        },
        false,
      ),
      route(
        'POST',
        `/webhooks/${id}/([^/]+)`,
        (_m, body) => ok(this.sentMessage(this.newId(), body)),
        false,
      ),
      route(
        'PATCH',
        `/webhooks/${id}/([^/]+)/messages/@original`,
        (_m, body) => ok(this.sentMessage(this.newId(), body)),
        false,
      ),
      route('PUT', `/applications/${id}/commands`, (_m, body) =>
        ok(this.putCommands('global', body)),
      ),
      route('GET', `/applications/${id}/commands`, () => ok(this.commands.get('global') ?? [])),
      route('PUT', `/applications/${id}/guilds/${id}/commands`, ([, guildId], body) =>
        ok(this.putCommands(guildId!, body)),
      ),
      route('GET', `/applications/${id}/guilds/${id}/commands`, ([, guildId]) =>
        ok(this.commands.get(guildId!) ?? []),
      ),
    ];
  }

  /**
   * Applies the channel's message limit (and any planned 429) to a message send: the 429 to
   * answer instead, or the bucket's headers to add to the answer.
   */
  private checkMessageLimit(
    request: RecordedRequest,
  ): { refusal?: Answer; headers?: Record<string, string> } | undefined {
    const channel = /^\/channels\/(\d+)\/messages$/.exec(request.path)?.[1];
    if (request.method !== 'POST' || channel === undefined) return undefined;
    const plan = this.rateLimitPlan;
    const forced = plan && (plan.count += 1) % plan.every === 0 ? plan.retryAfterMs : undefined;
    const verdict = this.messageLimits.take(channel, request.at, forced);
    if (verdict.early) this.earlyRequests.push(request);
    if (verdict.status === 200) return { headers: verdict.headers };
    return {
      refusal: {
        status: 429,
        json: {
          message: 'You are being rate limited.',
          code: 0,
          retry_after: verdict.retryAfter,
          global: false,
        },
        headers: verdict.headers,
      },
    };
  }

  private sentMessage(channelId: string, body: unknown) {
    const { content = '', components = [] } = (body ?? {}) as {
      content?: string;
      components?: unknown[];
    };
    return { ...this.message(this.newId(), channelId, BOT_USER, content), components };
  }

  private putCommands(scope: string, body: unknown): CommandJson[] {
    const registered = (body as CommandJson[]).map((command) => ({
      ...command,
      id: this.newId(),
      application_id: APPLICATION_ID,
      version: this.newId(),
    }));
    this.commands.set(scope, registered);
    return registered;
  }
}

async function parseBody(
  raw: Buffer,
  contentType = '',
): Promise<Pick<RecordedRequest, 'body' | 'files'>> {
  if (!contentType.startsWith('multipart/form-data')) {
    return { body: raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined, files: [] };
  }
  // The platform's own multipart parser, via a Response around the raw bytes.
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: RecordedRequest['files'] = [];
  for (const value of form.values()) {
    if (typeof value !== 'string') files.push({ name: value.name, text: await value.text() });
  }
  const payload = form.get('payload_json');
  return { body: typeof payload === 'string' ? JSON.parse(payload) : undefined, files };
}

function toUserJson(user: FakeUser) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: user.bot ?? false,
  };
}

function errorResponse(error: FakeError) {
  if (error.retryAfter === undefined) {
    return { status: error.status, json: { message: error.message, code: error.code } };
  }
  return {
    status: error.status,
    json: {
      message: error.message,
      code: error.code,
      retry_after: error.retryAfter,
      global: false,
    },
    headers: { 'retry-after': String(error.retryAfter), 'x-ratelimit-scope': 'user' },
  };
}

/** Requests whose body is a message Tend sends (so it must carry allowed_mentions). */
export function isMessageSend(request: RecordedRequest): boolean {
  return (
    (request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path)) ||
    (request.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(request.path)) ||
    (request.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(request.path)) ||
    (request.method === 'PATCH' &&
      /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(request.path))
  );
}

/** The message body of a send: interaction callbacks wrap it in `data` (absent when deferred). */
export function messageBody(request: RecordedRequest): Record<string, unknown> | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  return request.path.endsWith('/callback') ? (body?.data as Record<string, unknown>) : body;
}
