/**
 * What Tend listens to on Slack. Each listener is a thin translation: Slack payload → engine call →
 * replies rendered back in the same place. Tend reads only its own DMs (message.im) and never posts
 * in a channel unasked: commands and buttons used in a channel are answered ephemerally.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { COMMANDS } from '../../src/engine/commands.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Person, Reply } from '../../src/engine/types.js';
import type { Logger } from '../../src/logger.js';
import { buildHomeView } from './home.js';
import { RecentIds } from './recent-ids.js';
import { deliver, type Place } from './deliver.js';
import { fromSlackActionId, fromSlackText, isDirectChannel } from './render.js';

export interface ListenerDependencies {
  engine: Engine;
  logger: Logger;
}

export function registerListeners(app: App, { engine, logger }: ListenerDependencies): void {
  const answered = (
    via: string,
    fields: Record<string, unknown>,
    replies: Reply[],
    started: number,
  ) =>
    logger.info({
      event: 'answered',
      via,
      ...fields,
      kinds: replies.map((reply) => reply.kind),
      ms: elapsed(started),
    });

  app.use(dropRedeliveredEvents(logger));

  app.event('message', async ({ event, body, client, context }) => {
    // Edits, joins and file shares carry a subtype, bots a bot_id: only a person's own words count.
    if (event.subtype !== undefined || event.channel_type !== 'im' || event.bot_id !== undefined) {
      return;
    }
    if (event.user === context.botUserId || !event.text?.trim()) return;
    const started = performance.now();
    const replies = engine.handleMessage({
      person: slackPerson(event.user),
      text: fromSlackText(event.text),
    });
    const place: Place = { kind: 'dm', channel: event.channel, threadTs: event.thread_ts };
    await deliver(client, place, event.user, replies);
    answered('message.im', { eventId: body.event_id, user: event.user }, replies, started);
  });

  for (const definition of COMMANDS) {
    app.command(`/${definition.name}`, async ({ command, ack, respond, client }) => {
      // Slack gives a command 3 s; acknowledge before any work, answer through response_url.
      await ack();
      const started = performance.now();
      const replies = engine.handleCommand({
        person: slackPerson(command.user_id),
        name: definition.name,
        args: fromSlackText(command.text),
        inSharedSpace: !isDirectChannel(command.channel_id),
      });
      // Always ephemeral: even a D channel may be a DM between two people.
      await deliver(client, { kind: 'ephemeral', respond }, command.user_id, replies);
      answered(command.command, { user: command.user_id }, replies, started);
    });
  }

  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: /^tend_/ },
    async ({ action, body, ack, respond, client }) => {
      await ack();
      const actionId = fromSlackActionId(action.action_id);
      if (actionId === undefined) return;
      const started = performance.now();
      const replies = engine.handleAction({
        person: slackPerson(body.user.id),
        actionId,
        value: action.value,
      });
      // A button under a DM message is answered in the DM; one under an ephemeral answer
      // (a command's reply, possibly in a channel) is answered ephemerally, right there.
      const place: Place =
        body.container.is_ephemeral !== true && body.channel && isDirectChannel(body.channel.id)
          ? { kind: 'dm', channel: body.channel.id }
          : { kind: 'ephemeral', respond };
      await deliver(client, place, body.user.id, replies);
      answered(`action.${actionId}`, { user: body.user.id }, replies, started);
    },
  );

  app.event('app_home_opened', async ({ event, client }) => {
    // The event also fires for the Messages tab, which needs nothing from us.
    if (event.tab !== 'home') return;
    await client.views.publish({
      user_id: event.user,
      view: buildHomeView(engine, slackPerson(event.user)),
    });
    logger.info({ event: 'home_published', user: event.user });
  });
}

/**
 * Slack redelivers an event (with `x-slack-retry-num`) when it did not see the ack in time, e.g. a
 * slow network. Bolt acks Events API requests before middleware runs and does not deduplicate, so
 * a redelivery is acked and then dropped here: one event, one answer.
 */
function dropRedeliveredEvents(logger: Logger): Parameters<App['use']>[0] {
  const seen = new RecentIds();
  return async ({ body, context, next }) => {
    const eventId = 'event_id' in body ? body.event_id : undefined;
    if (typeof eventId === 'string' && !seen.add(eventId)) {
      logger.info({
        event: 'redelivery_ignored',
        eventId,
        retryNum: context.retryNum,
        retryReason: context.retryReason,
      });
      return;
    }
    await next();
  };
}

function slackPerson(userId: string): Person {
  return { platform: 'slack', userId };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
