/**
 * The Discord adapter: DMs, slash commands and buttons in, engine replies out. It translates and
 * renders; what to say is the engine's job.
 */
import {
  ChannelType,
  Client,
  Events,
  GatewayCloseCodes,
  GatewayIntentBits,
  InteractionContextType,
  MessageFlags,
  Partials,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type DMChannel,
  type Interaction,
  type Message,
  type PartialDMChannel,
  type RESTOptions,
} from 'discord.js';
import type { Adapter } from '../../src/adapter.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Person, Reply } from '../../src/engine/types.js';
import type { Logger } from '../../src/logger.js';
import { decodeCustomId } from './custom-id.js';
import { errorFields, INVALID_TOKEN_MESSAGE, isUnauthorized } from './errors.js';
import { createLocaleMemory } from './locale-memory.js';
import { NO_MENTIONS, renderReplies, type DiscordPayload } from './render.js';
import { commandArgs } from './slash-commands.js';

export interface DiscordAdapterOptions {
  engine: Engine;
  logger: Logger;
  /** The bot token (DISCORD_TOKEN). */
  token: string;
  /** Base of the REST API, e.g. "http://127.0.0.1:4000/api"; the gateway URL comes from it. */
  apiUrl?: string;
  /**
   * discord.js REST tuning, its defaults unless set: `timeout` per request (15 s), `retries` after
   * a 5xx or a timeout (3), `globalRequestsPerSecond` (50, Discord's global limit). Tests shorten
   * the timeout so a stalled request fails fast.
   */
  rest?: Partial<Pick<RESTOptions, 'timeout' | 'retries' | 'globalRequestsPerSecond'>>;
}

type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction;

/**
 * @example
 * const adapter = createDiscordAdapter({ engine, logger, token: process.env.DISCORD_TOKEN });
 * await adapter.start();
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): Adapter {
  const { engine, token } = options;
  const logger = options.logger.child({ adapter: 'discord' });
  const locales = createLocaleMemory();
  let started = false;
  let lastCloseCode: number | undefined;

  const client = new Client({
    // DMs only. Interactions arrive without any intent; no privileged intent is needed.
    intents: [GatewayIntentBits.DirectMessages],
    // DM channels are not cached when a DM arrives; without this discord.js drops the message.
    partials: [Partials.Channel],
    // Also set per message below; this default covers anything sent without it.
    allowedMentions: NO_MENTIONS,
    rest: { ...options.rest, ...(options.apiUrl ? { api: options.apiUrl } : {}) },
  });

  function person(userId: string, locale?: string): Person {
    locales.remember(userId, locale);
    const known = locale ?? locales.recall(userId);
    return known ? { platform: 'discord', userId, locale: known } : { platform: 'discord', userId };
  }

  async function onMessage(message: Message): Promise<void> {
    const channel = message.channel;
    // Only people, only in their DM with Tend; in servers Tend speaks only when called.
    if (message.author.bot || channel.type !== ChannelType.DM) return;
    if (message.content.trim() === '') return;
    const receivedAt = performance.now();
    const replies = engine.handleMessage({
      person: person(message.author.id),
      text: message.content,
    });
    await sendAll(channel, replies);
    logger.info(
      {
        event: 'dm',
        userId: message.author.id,
        channelId: channel.id,
        replyKinds: replies.map((r) => r.kind),
        ms: Math.round(performance.now() - receivedAt),
      },
      'answered a DM',
    );
  }

  async function sendAll(
    channel: DMChannel | PartialDMChannel,
    replies: readonly Reply[],
  ): Promise<void> {
    for (const payload of renderReplies(replies)) await channel.send(payload);
  }

  async function onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) {
      const replies = engine.handleCommand({
        person: person(interaction.user.id, interaction.locale),
        name: interaction.commandName,
        args: commandArgs(interaction),
        inSharedSpace: !inBotDm(interaction),
      });
      await answer(interaction, replies);
      logInteraction(interaction, { command: interaction.commandName }, replies);
    } else if (interaction.isButton()) {
      const action = decodeCustomId(interaction.customId);
      if (!action) return;
      const replies = engine.handleAction({
        person: person(interaction.user.id, interaction.locale),
        ...action,
      });
      await answer(interaction, replies);
      logInteraction(interaction, { action: action.actionId }, replies);
    }
  }

  /**
   * Replies at once (the engine is synchronous, well inside Discord's 3 s), then follows up.
   * Outside the bot DM every answer is ephemeral: only the person who asked sees it.
   */
  async function answer(interaction: AnsweredInteraction, replies: readonly Reply[]) {
    const ephemeral = !inBotDm(interaction);
    const payloads = renderReplies(replies).map(
      (payload): DiscordPayload & { flags?: MessageFlags.Ephemeral } =>
        ephemeral ? { ...payload, flags: MessageFlags.Ephemeral } : payload,
    );
    const [first, ...rest] = payloads;
    if (!first) {
      // Nothing to say to a button press: acknowledge it so Discord shows no failure.
      if (interaction.isButton()) await interaction.deferUpdate();
      return;
    }
    await interaction.reply(first);
    for (const payload of rest) await interaction.followUp(payload);
  }

  function logInteraction(
    interaction: AnsweredInteraction,
    what: Record<string, string>,
    replies: readonly Reply[],
  ): void {
    logger.info(
      {
        event: 'interaction',
        ...what,
        interactionId: interaction.id,
        userId: interaction.user.id,
        context: interaction.context,
        replyKinds: replies.map((r) => r.kind),
      },
      'answered an interaction',
    );
  }

  /** An error boundary per event: one failure is logged and everyone else is still served. */
  function guarded<T extends { id: string }>(
    event: string,
    handler: (item: T) => Promise<void>,
  ): (item: T) => void {
    return (item) => {
      handler(item).catch((error: unknown) => {
        logger.error({ event, id: item.id, ...errorFields(error) }, `failed to handle ${event}`);
      });
    };
  }

  client.on(Events.MessageCreate, guarded('dm', onMessage));
  client.on(Events.InteractionCreate, guarded('interaction', onInteraction));
  client.on(Events.Error, (error) =>
    logger.error({ event: 'client-error', ...errorFields(error) }, 'discord client error'),
  );
  client.on(Events.Warn, (warning) => logger.warn({ event: 'discord-warning' }, warning));
  client.on(Events.ShardError, (error, shardId) => {
    // Before start-up succeeds a failure surfaces once, as the error start() throws.
    const level = started ? 'error' : 'debug';
    logger[level]({ event: 'shard-error', shardId, ...errorFields(error) }, 'gateway error');
  });
  client.on(Events.ShardDisconnect, ({ code }, shardId) => {
    lastCloseCode = code;
    if (started)
      logger.error({ event: 'shard-disconnect', shardId, code }, 'gateway closed for good');
  });
  client.on(Events.ShardReconnecting, (shardId) =>
    logger.info({ event: 'shard-reconnecting', shardId }, 'gateway reconnecting'),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    logger.info({ event: 'shard-resume', shardId, replayed }, 'gateway resumed'),
  );

  return {
    name: 'discord',

    async start() {
      const ready = new Promise<void>((resolve) =>
        client.once(Events.ClientReady, () => resolve()),
      );
      try {
        await client.login(token);
      } catch (error) {
        if (isUnauthorized(error) || lastCloseCode === GatewayCloseCodes.AuthenticationFailed) {
          throw new Error(INVALID_TOKEN_MESSAGE, { cause: error });
        }
        throw error;
      }
      await ready;
      started = true;
      logger.info({ event: 'ready', botId: client.user?.id }, 'connected to Discord');
    },

    async stop() {
      started = false;
      await client.destroy();
    },

    /** Rejects (after logging the code, e.g. 50007 when the user's DMs are closed). */
    async sendDirect(userId, replies) {
      try {
        const channel = await client.users.createDM(userId);
        await sendAll(channel, replies);
      } catch (error) {
        logger.error(
          { event: 'send-direct', userId, ...errorFields(error) },
          'failed to send a DM',
        );
        throw error;
      }
    },
  };
}

/** The DM between the person and Tend; group DMs, other DMs and servers are shared spaces. */
function inBotDm(interaction: AnsweredInteraction): boolean {
  return interaction.context === InteractionContextType.BotDM;
}
