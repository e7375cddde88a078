/**
 * A fake Slack on 127.0.0.1 for end-to-end tests of the Slack adapter on the real Bolt.
 *
 * - Web API at `apiUrl` (`/api/<method>`): records every call; answers auth.test,
 *   chat.postMessage, chat.postEphemeral, views.publish, conversations.open, the two
 *   files.*UploadExternal steps and apps.connections.open; `unknown_method` for anything else,
 *   so a missing method shows up as a logged error in a failing test. Failures and rate limits
 *   can be injected per method; a wrong token gets `invalid_auth`.
 * - `response_url` receiver (`/respond/<n>`): records what slash commands and buttons answer.
 * - File uploads (files.getUploadURLExternal → `/upload/<id>` → files.completeUploadExternal).
 * - Socket Mode (`/link`, `ws`): sends hello, then the envelopes a test pushes; records acks.
 * - `SignedSender`: Events API, slash-command and interactivity requests signed like Slack's
 *   (HMAC-SHA256 over `v0:<timestamp>:<body>`), for HTTP mode.
 */
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BOT_TOKEN = 'xoxb-fake';
export const APP_TOKEN = 'xapp-fake';
export const SIGNING_SECRET = 'fake-signing-secret';
export const BOT_USER_ID = 'UTEND';
export const BOT_ID = 'BTEND';
export const TEAM_ID = 'TFAKE';
export const APP_ID = 'AFAKE';

/** One Web API call as the fake received it. */
export interface ApiCall {
  method: string;
  /** From `Authorization: Bearer`, else the `token` field. */
  token: string | undefined;
  /** The form (or JSON) fields; JSON-valued fields such as `blocks` and `view` parsed. */
  params: Record<string, unknown>;
  /** When it arrived (performance.now()). */
  at: number;
  /** Whether the fake answered `ok: true` (not an injected error, rate limit or bad token). */
  ok: boolean;
}

/** A POST to a `response_url` the fake handed out. */
export interface ResponseUrlPost {
  url: string;
  body: Record<string, unknown>;
}

/** A file body sent to an `upload_url` from files.getUploadURLExternal. */
export interface FileUpload {
  fileId: string;
  /** The raw request body (multipart form data holding the file). */
  raw: string;
}

/** A message the Socket Mode client sent back (an ack: `{ envelope_id, payload }`). */
export interface SocketAck {
  envelope_id: string;
  payload: Record<string, unknown>;
}

type Injected =
  | { kind: 'error'; error: string }
  | { kind: 'ratelimit'; retryAfterSeconds: number }
  | { kind: 'status'; status: number }
  | { kind: 'stall' };

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly uploads: FileUpload[] = [];
  readonly acks: SocketAck[] = [];
  /** The envelope_id of every envelope sent, in order. */
  readonly envelopes: string[] = [];
  /** Every ws message the client sent that was not JSON with an envelope_id. */
  readonly otherSocketMessages: string[] = [];
  /** Close codes of finished Socket Mode connections (1000: the client closed cleanly). */
  readonly socketCloseCodes: number[] = [];

  private readonly changed = new EventEmitter();
  private readonly injected = new Map<string, Injected[]>();
  private readonly sockets = new Set<WebSocket>();
  private readonly webSockets: WebSocketServer;
  private sequence = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {
    this.webSockets = new WebSocketServer({ server, path: '/link' });
    this.webSockets.on('connection', (socket) => this.accept(socket));
  }

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlack(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** Bolt's `clientOptions.slackApiUrl` (the trailing slash matters). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** A fresh response_url; what is posted to it lands in `responses`. */
  responseUrl(): string {
    return `${this.baseUrl}/respond/${this.next()}`;
  }

  /** The next call to `method` answers `{ ok: false, error }`. */
  failNext(method: string, error: string): void {
    this.inject(method, { kind: 'error', error });
  }

  /** The next call to `method` answers HTTP 429 with `Retry-After`. */
  rateLimitNext(method: string, retryAfterSeconds: number): void {
    this.inject(method, { kind: 'ratelimit', retryAfterSeconds });
  }

  /** The next call to `method` answers with this HTTP status (e.g. 500) and no Slack body. */
  failNextWithStatus(method: string, status: number): void {
    this.inject(method, { kind: 'status', status });
  }

  /**
   * The next call to `method` gets no answer at all and is not carried out, as when Slack times
   * out: the client's own timeout ends it (recorded with `ok: false`).
   */
  stallNext(method: string): void {
    this.inject(method, { kind: 'stall' });
  }

  /**
   * Sends a Socket Mode envelope to every connected client; returns its envelope_id.
   * `extra` sets e.g. `retry_attempt` for a redelivery.
   */
  sendEnvelope(
    type: 'events_api' | 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): string {
    if (this.sockets.size === 0) throw new Error('no Socket Mode client is connected');
    const envelopeId = `envelope-${this.next()}`;
    const frame = JSON.stringify({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: 0,
      retry_reason: '',
      ...extra,
    });
    for (const socket of this.sockets) socket.send(frame);
    this.envelopes.push(envelopeId);
    return envelopeId;
  }

  /**
   * Resolves with the first truthy value of `check`, re-checked whenever the fake records
   * something (so timing measurements are not rounded to a polling interval) and every 10 ms.
   */
  async waitFor<T>(
    check: () => T | undefined | null | false,
    timeoutMs = 2000,
    what = 'condition',
  ): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (!value) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const poll = setInterval(attempt, 10);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.changed.off('change', attempt);
      };
      this.changed.on('change', attempt);
    });
  }

  /** The first call to `method` matching `predicate`, waiting for it if needed. */
  waitForCall(
    method: string,
    predicate: (call: ApiCall) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<ApiCall> {
    return this.waitFor(() => this.callsTo(method).find(predicate), timeoutMs, `a ${method} call`);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.webSockets.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  private inject(method: string, injected: Injected): void {
    this.injected.set(method, [...(this.injected.get(method) ?? []), injected]);
  }

  private notify(): void {
    this.changed.emit('change');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    if (req.method === 'POST' && path.startsWith('/api/')) {
      this.answerApi(path.slice('/api/'.length), req, raw, res);
    } else if (req.method === 'POST' && path.startsWith('/upload/')) {
      this.uploads.push({ fileId: path.slice('/upload/'.length), raw });
      this.notify();
      res.writeHead(200).end(`OK - ${raw.length}`);
    } else if (req.method === 'POST' && path.startsWith('/respond/')) {
      this.responses.push({ url: `${this.baseUrl}${path}`, body: asRecord(parseJson(raw)) });
      this.notify();
      res.writeHead(200).end('ok');
    } else {
      res.writeHead(404).end();
    }
  }

  private answerApi(method: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const params = parseParams(req.headers['content-type'], raw);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof params.token === 'string' ? params.token : undefined);
    const at = performance.now();
    const injected = this.injected.get(method)?.shift();
    const expectedToken = method === 'apps.connections.open' ? APP_TOKEN : BOT_TOKEN;
    const body =
      injected?.kind === 'error'
        ? { ok: false, error: injected.error }
        : token !== expectedToken
          ? { ok: false, error: 'invalid_auth' }
          : this.answer(method, params);
    const failed = injected !== undefined && injected.kind !== 'error';
    this.calls.push({ method, token, params, at, ok: !failed && body.ok === true });
    this.notify();
    if (injected?.kind === 'stall') {
      // Left unanswered; the client aborts it, or stop() closes the connection.
      return;
    } else if (injected?.kind === 'ratelimit') {
      res.writeHead(429, { 'retry-after': String(injected.retryAfterSeconds) }).end();
    } else if (injected?.kind === 'status') {
      res.writeHead(injected.status, { 'content-type': 'text/plain' }).end('Internal Server Error');
    } else {
      res.writeHead(200, JSON_HEADERS).end(JSON.stringify(body));
    }
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.invalid/',
          team: 'Fake',
          user: 'tend',
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const ts = this.timestamp();
        return {
          ok: true,
          channel: params.channel,
          ts,
          message: { type: 'message', text: params.text, user: BOT_USER_ID, bot_id: BOT_ID, ts },
        };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.timestamp() };
      case 'views.publish':
        return { ok: true, view: { id: `V${this.next()}`, type: 'home' } };
      case 'conversations.open':
        return { ok: true, channel: { id: dmChannelFor(String(params.users)) } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.next()}`;
        return { ok: true, file_id: fileId, upload_url: `${this.baseUrl}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: params.files };
      case 'apps.connections.open':
        return {
          ok: true,
          url: `${this.baseUrl.replace('http:', 'ws:')}/link?ticket=${this.next()}`,
        };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private timestamp(): string {
    return `1700000000.${String(this.next()).padStart(6, '0')}`;
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('message', (data) => {
      const text = data.toString();
      const parsed = asRecord(parseJson(text));
      if (typeof parsed.envelope_id === 'string') {
        this.acks.push({ envelope_id: parsed.envelope_id, payload: asRecord(parsed.payload) });
      } else {
        this.otherSocketMessages.push(text);
      }
      this.notify();
    });
    socket.on('close', (code) => {
      this.sockets.delete(socket);
      this.socketCloseCodes.push(code);
      this.notify();
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
        connection_info: { app_id: APP_ID },
      }),
    );
  }
}

/** The DM channel id the fake uses for a person (Slack's DM ids start with D). */
export function dmChannelFor(userId: string): string {
  return `D${userId}`;
}

let eventSequence = 0;

/** A message.im event as Slack sends it for a person writing in their DM with the bot. */
export function dmEvent(
  user: string,
  text: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  eventSequence += 1;
  const ts = `1700000000.${String(eventSequence).padStart(6, '0')}`;
  return {
    type: 'message',
    channel: dmChannelFor(user),
    user,
    text,
    ts,
    event_ts: ts,
    channel_type: 'im',
    team: TEAM_ID,
    client_msg_id: `msg-${eventSequence}`,
    ...overrides,
  };
}

/** The Events API envelope (`event_callback`) around an event; the same body Socket Mode carries. */
export function eventCallback(
  event: Record<string, unknown>,
  eventId = `Ev${(eventSequence += 1)}`,
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [
      { team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** Slash-command fields as Slack posts them. */
export function slashCommand(fields: {
  command: string;
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'fake',
    channel_id: fields.channel,
    channel_name: fields.channel.startsWith('D') ? 'directmessage' : 'general',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: `trigger-${(eventSequence += 1)}`,
  };
}

/** A block_actions payload for a button press on one of the bot's messages. */
export function buttonPress(fields: {
  user: string;
  actionId: string;
  value?: string;
  channel: string;
  responseUrl: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  eventSequence += 1;
  const messageTs = `1700000000.${String(eventSequence).padStart(6, '0')}`;
  return {
    type: 'block_actions',
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: fields.channel,
      is_ephemeral: fields.ephemeral ?? false,
    },
    trigger_id: `trigger-${eventSequence}`,
    team: { id: TEAM_ID, domain: 'fake' },
    channel: {
      id: fields.channel,
      name: fields.channel.startsWith('D') ? 'directmessage' : 'general',
    },
    ...(fields.ephemeral ? {} : { message: { type: 'message', ts: messageTs, user: BOT_USER_ID } }),
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button', emoji: true },
        ...(fields.value !== undefined && { value: fields.value }),
        action_ts: messageTs,
      },
    ],
  };
}

/** Options for one signed request. */
export interface SendOptions {
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Sign with this secret instead (a bad signature). */
  secret?: string;
  headers?: Record<string, string>;
}

/** Posts signed requests to a Bolt HTTP endpoint the way Slack does. */
export class SignedSender {
  constructor(
    private readonly url: string,
    private readonly secret = SIGNING_SECRET,
  ) {}

  /** An Events API request; `retryNum` adds Slack's redelivery headers. */
  event(body: Record<string, unknown>, options: SendOptions & { retryNum?: number } = {}) {
    const headers = { ...options.headers };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return this.post(JSON.stringify(body), 'application/json', { ...options, headers });
  }

  command(fields: Record<string, string>, options: SendOptions = {}) {
    return this.post(new URLSearchParams(fields).toString(), FORM, options);
  }

  action(payload: Record<string, unknown>, options: SendOptions = {}) {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, FORM, options);
  }

  private async post(
    body: string,
    contentType: string,
    options: SendOptions,
  ): Promise<{ status: number; body: string }> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(options.secret ?? this.secret, timestamp, body),
        ...options.headers,
      },
      body,
    });
    return { status: response.status, body: await response.text() };
  }
}

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

const FORM = 'application/x-www-form-urlencoded';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseParams(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) return asRecord(parseJson(raw));
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? (parseJson(value) ?? value) : value;
  }
  return params;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
