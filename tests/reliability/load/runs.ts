/**
 * The load runs, at full size for `npm run load` and small inside `npm test`: one place that says
 * what each run does, so the printed description always matches the settings used.
 */
import { DEFAULT_FLOOD_LIMIT, type FloodLimit } from '../../../src/engine/flood.js';
import { runDiscordLoad, type DiscordLoadResult } from './discord-load.js';
import { formatFigures } from './figures.js';
import { runSlackLoad, type SlackLoadResult } from './slack-load.js';

const floodText = (flood: FloodLimit | undefined) =>
  flood
    ? `flood limit raised for this run to ${flood.limit} messages per ${flood.windowMs / 1000} s a person (the default is ${DEFAULT_FLOOD_LIMIT.limit})`
    : `the default flood limit, ${DEFAULT_FLOOD_LIMIT.limit} messages per ${DEFAULT_FLOOD_LIMIT.windowMs / 1000} s a person`;

export interface SlackRun {
  people: number;
  messagesPerPerson: number;
}

export async function slackRun({ people, messagesPerPerson }: SlackRun): Promise<{
  result: SlackLoadResult;
  report: string;
}> {
  // One person's burst of more than 20 would rightly trip flood control; the run is about load.
  const flood =
    messagesPerPerson + 1 > DEFAULT_FLOOD_LIMIT.limit
      ? { limit: messagesPerPerson + 1, windowMs: DEFAULT_FLOOD_LIMIT.windowMs }
      : undefined;
  const result = await runSlackLoad({
    people,
    messagesPerPerson,
    flood,
    timeoutMs: 10_000 + people * messagesPerPerson * 20,
  });
  const report =
    `Slack, real Bolt HTTP receiver against the fake Slack on 127.0.0.1: ${people} people × ${messagesPerPerson} DMs, ` +
    `sent concurrently as signed Events API requests; ${floodText(flood)}\n` +
    `  ${formatFigures(result)} (latency: signed request sent → chat.postMessage recorded)`;
  return { result, report };
}

export interface DiscordRun {
  people: number;
  messagesPerPerson: number;
  /** Lift discord.js's global limit of 50 requests/s (loopback only) to see Tend's own capacity. */
  liftGlobalLimit?: boolean;
}

export async function discordRun({
  people,
  messagesPerPerson,
  liftGlobalLimit = false,
}: DiscordRun): Promise<{ result: DiscordLoadResult; report: string }> {
  const channelLimit = { limit: 5, windowMs: 1000 };
  const rateLimitEvery = 25;
  const retryAfterSeconds = 0.25;
  const result = await runDiscordLoad({
    people,
    messagesPerPerson,
    channelLimit,
    rateLimitEvery,
    retryAfterSeconds,
    globalRequestsPerSecond: liftGlobalLimit ? 100_000 : undefined,
    timeoutMs: 15_000 + people * messagesPerPerson * (liftGlobalLimit ? 10 : 30),
  });
  const report =
    `Discord, real discord.js gateway + REST against the fake Discord on 127.0.0.1: a burst of ${people * messagesPerPerson} DM dispatches ` +
    `from ${people} people (${messagesPerPerson} each; ${floodText(undefined)}); the fake allows ${channelLimit.limit} sends per channel per ${channelLimit.windowMs / 1000} s ` +
    `and answers every ${rateLimitEvery}th send with 429, retry_after ${retryAfterSeconds} s; ` +
    (liftGlobalLimit
      ? 'discord.js global limit lifted (loopback only: shows what Tend and discord.js can do when Discord is not the bottleneck)\n'
      : "discord.js global limit at its default, Discord's 50 requests/s\n") +
    `  ${formatFigures(result)} (latency: dispatch sent → message send recorded)\n` +
    `  ${result.rateLimited} × 429 answered, ${result.early} requests before their retry time`;
  return { result, report };
}
