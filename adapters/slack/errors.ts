/**
 * What to log about a failed Slack call: codes and ids, never payloads (which may hold what a
 * person wrote). Bolt and @slack/web-api errors carry a `code`; Slack's own answer (e.g.
 * `channel_not_found`, `ratelimited`) is in `data.error`.
 */
interface SlackishError extends Error {
  code?: unknown;
  data?: { error?: unknown; response_metadata?: { messages?: unknown } };
  retryAfter?: unknown;
  statusCode?: unknown;
  original?: unknown;
}

/** Answers from Slack that mean the token in .env is wrong, not that Tend has a bug. */
const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);

export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { code: 'non_error_thrown' };
  const e: SlackishError = error;
  const fields: Record<string, unknown> = { code: typeof e.code === 'string' ? e.code : e.name };
  if (typeof e.data?.error === 'string') fields.slackError = e.data.error;
  // Slack explains invalid_blocks and similar here, in terms of field paths, not content.
  if (Array.isArray(e.data?.response_metadata?.messages)) {
    fields.slackMessages = e.data.response_metadata.messages;
  }
  if (typeof e.retryAfter === 'number') fields.retryAfter = e.retryAfter;
  if (typeof e.statusCode === 'number') fields.statusCode = e.statusCode;
  // Anything that is not an answer from Slack is a bug: keep its stack trace.
  if (fields.slackError === undefined && fields.statusCode === undefined) {
    fields.err = e.original instanceof Error ? e.original : e;
  }
  return fields;
}

/** Turns "invalid_auth" at start-up into a message that says which setting to fix. */
export function explainStartError(error: unknown, tokenName: string): unknown {
  const slackError = errorFields(error).slackError;
  if (typeof slackError !== 'string' || !TOKEN_ERRORS.has(slackError)) return error;
  return new Error(
    `Slack refused ${tokenName} (${slackError}). Copy it again from the app's settings page into .env and restart.`,
    { cause: error },
  );
}
