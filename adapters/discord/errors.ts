/**
 * What Tend logs about a failure, and the one start-up error a person can fix themselves
 * (a wrong token). Log fields are codes and statuses only: error messages from builders can
 * quote what they were given, and request URLs can hold interaction tokens.
 */
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, HTTPError } from 'discord.js';

export const INVALID_TOKEN_MESSAGE =
  'DISCORD_TOKEN is invalid: Discord rejected it. In the Discord Developer Portal open your ' +
  'application → Bot → Reset Token, copy the new token into .env as DISCORD_TOKEN, and start again.';

/**
 * Structured log fields for an error. Discord API errors give their JSON code
 * (50001 Missing Access, 10003 Unknown Channel, 50007 Cannot send messages to this user, ...).
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return { code: error.code, status: error.status, method: error.method };
  }
  if (error instanceof HTTPError) {
    return { status: error.status, method: error.method };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { errorName: error.name, ...(code === undefined ? {} : { code }), stack: error.stack };
  }
  return { errorName: typeof error };
}

/** A 401 from REST (gateway/bot, users/@me) or discord.js's own TokenInvalid. */
export function isUnauthorized(error: unknown): boolean {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) return error.status === 401;
  return error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid;
}
