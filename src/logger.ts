import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Keys that could carry what a person wrote. Pino replaces them wherever they appear, so a
 * careless `logger.info({ text })` still never writes message text to the log.
 */
const REDACTED_KEYS = [
  'text',
  'args',
  'message.text',
  '*.text',
  '*.args',
  'body',
  '*.body',
  'content',
  '*.content',
];

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go; standard error by default so stdout stays free for `tend analyze`. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'tend',
      level: options.level ?? 'info',
      redact: { paths: REDACTED_KEYS, censor: '[redacted]' },
    },
    options.destination ?? process.stderr,
  );
}
