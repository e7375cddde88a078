/**
 * Tend on Slack, built on Bolt. Socket Mode when an app-level token is given (no public URL
 * needed), otherwise HTTP on `port` behind an HTTPS proxy. Everything Slack-specific stays in
 * this folder; the engine only ever sees IncomingMessage / CommandInvocation / ActionInvocation.
 */
import { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Adapter } from '../../src/adapter.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Logger } from '../../src/logger.js';
import { createBoltLogger } from './bolt-logger.js';
import { deliver, openDm } from './deliver.js';
import { errorFields, explainStartError } from './errors.js';
import { registerListeners } from './listeners.js';

export interface SlackAdapterOptions {
  engine: Engine;
  logger: Logger;
  /** xoxb-… (SLACK_BOT_TOKEN). */
  botToken: string;
  /** Verifies that HTTP requests come from Slack (SLACK_SIGNING_SECRET); unused in Socket Mode. */
  signingSecret: string;
  /** xapp-… with connections:write (SLACK_APP_TOKEN): turns on Socket Mode. */
  appToken?: string;
  /** HTTP mode only; 0 picks a free port (tests), readable afterwards as `adapter.port`. */
  port: number;
  /** HTTP mode only; all interfaces by default. */
  host?: string;
  /** Web API base, e.g. `http://127.0.0.1:1234/api/` for a fake Slack; Slack's own by default. */
  apiUrl?: string;
  /**
   * Web API retry policy. Bolt's default (10 retries over about 30 minutes) unless set; tests pass
   * `{ retries: 0 }` so a broken fake fails fast. Rate-limited calls always wait for Slack's
   * Retry-After before retrying (rejectRateLimitedCalls stays false).
   */
  retryConfig?: webApi.RetryOptions;
  /** Web API request timeout in ms (none by default); a timed-out call is retried like a 5xx. */
  timeoutMs?: number;
}

export interface SlackAdapter extends Adapter {
  /** The HTTP port actually listened on, once started in HTTP mode. */
  readonly port?: number;
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const logger = options.logger.child({ adapter: 'slack' });
  const boltLogger = createBoltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {};
  if (options.apiUrl !== undefined) clientOptions.slackApiUrl = options.apiUrl;
  if (options.retryConfig !== undefined) clientOptions.retryConfig = options.retryConfig;
  if (options.timeoutMs !== undefined) clientOptions.timeout = options.timeoutMs;

  const mode = options.appToken ? 'socket' : 'http';
  const receiver = options.appToken
    ? new SocketModeReceiver({
        appToken: options.appToken,
        logger: boltLogger,
        // The socket client reads its Web API settings (apps.connections.open) from here.
        installerOptions: { clientOptions: { ...clientOptions } },
      })
    : new HTTPReceiver({ signingSecret: options.signingSecret, logger: boltLogger });

  const app = new App({
    token: options.botToken,
    receiver,
    logger: boltLogger,
    clientOptions,
    // No network in the constructor: auth.test runs in start(), where its failure can be explained.
    deferInitialization: true,
  });
  // Bolt's default handler rethrows; this one logs the code and keeps serving everyone else.
  app.error(async (error) => {
    logger.error({ event: 'slack_error', ...errorFields(error) });
  });
  registerListeners(app, { engine: options.engine, logger });

  let server: Server | undefined;
  let running = false;

  return {
    name: 'slack',

    get port() {
      const address = server?.address();
      return typeof address === 'object' && address !== null ? address.port : undefined;
    },

    async start() {
      try {
        await app.init();
      } catch (error) {
        throw explainStartError(error, 'SLACK_BOT_TOKEN');
      }
      if (receiver instanceof SocketModeReceiver) {
        try {
          await app.start();
        } catch (error) {
          throw explainStartError(error, 'SLACK_APP_TOKEN');
        }
      } else {
        const started = await app.start({ port: options.port, host: options.host });
        if (started instanceof Server) server = started;
      }
      running = true;
      logger.info({ event: 'listening', mode, port: this.port });
    },

    async stop() {
      if (!running) return;
      running = false;
      if (receiver instanceof SocketModeReceiver) {
        // app.stop() only begins the close handshake; wait for it so nothing is left open.
        const disconnected = new Promise((resolve) =>
          receiver.client.once('disconnected', resolve),
        );
        await app.stop();
        await disconnected;
      } else {
        await app.stop();
      }
    },

    /** Opens (or finds) the DM with the person and posts there. Slack errors reject to the caller. */
    async sendDirect(userId, replies) {
      const channel = await openDm(app.client, userId);
      await deliver(app.client, { kind: 'dm', channel }, userId, replies);
    },
  };
}
