import { z } from 'zod';

/**
 * Settings come from the environment (and .env, loaded by dotenv before this runs). Each one is
 * listed with a comment in .env.example. A bad value stops start-up with one line that names the
 * variable and what it accepts.
 */

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const PORT_RULE = 'a port number from 0 to 65535';
const port = (fallback: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .transform((v) => (v === '' ? fallback : Number(v)))
    .pipe(z.number({ error: PORT_RULE }).int(PORT_RULE).min(0, PORT_RULE).max(65535, PORT_RULE));

const url = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url('a full URL such as http://127.0.0.1:8080/api/').optional())
  .optional();

const envSchema = z.object({
  TEND_DB: z.string().trim().default('./data/tend.db'),
  TEND_CONTENT_DIR: optionalText,
  TEND_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  TEND_RETENTION_DAYS: z
    .string()
    .trim()
    .default('365')
    .transform((v) => (v === '' ? 365 : Number(v)))
    .pipe(
      z
        .number({ error: 'a whole number of days, at least 1' })
        .int('a whole number of days, at least 1')
        .min(1, 'a whole number of days, at least 1'),
    ),
  TEND_DEFAULT_COUNTRY: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as US, GB, IE, AU, CA')
    .optional(),
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: url,
  SLACK_BOT_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xoxb-'),
    'a bot token starting with xoxb-',
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'an app-level token starting with xapp-',
  ),
  SLACK_PORT: port(3000),
  SLACK_API_URL: url,
});

export interface Config {
  databasePath: string;
  contentDir?: string;
  logLevel: string;
  defaultCountry?: string;
  /** People inactive this many days are deleted by the daily retention job. */
  retentionDays: number;
  discord?: { token: string; apiUrl?: string };
  slack?: {
    botToken: string;
    signingSecret: string;
    appToken?: string;
    port: number;
    apiUrl?: string;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    // Never print tokens or secrets back, even wrong ones.
    const secret = /TOKEN|SECRET/.test(variable);
    const shown =
      env[variable] === undefined || secret ? '' : ` (got ${JSON.stringify(env[variable])})`;
    throw new ConfigError(
      `${variable}${shown} must be ${issue?.message ?? 'valid'}. Fix it in .env or the environment; see .env.example.`,
    );
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET must be set when SLACK_BOT_TOKEN is set (Slack app → Basic Information → Signing Secret). See .env.example.',
    );
  }
  return {
    databasePath: e.TEND_DB,
    contentDir: e.TEND_CONTENT_DIR,
    logLevel: e.TEND_LOG_LEVEL,
    defaultCountry: e.TEND_DEFAULT_COUNTRY,
    retentionDays: e.TEND_RETENTION_DAYS,
    discord: e.DISCORD_TOKEN ? { token: e.DISCORD_TOKEN, apiUrl: e.DISCORD_API_URL } : undefined,
    slack:
      e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            port: e.SLACK_PORT,
            apiUrl: e.SLACK_API_URL,
          }
        : undefined,
  };
}
