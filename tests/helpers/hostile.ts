/**
 * Hostile and odd input for property-based tests, and the check that Tend's output can never
 * notify anyone. Shared by the engine's and the adapters' property tests.
 */
import fc from 'fast-check';

/** Every mention and broadcast syntax of Discord and Slack, as people (or raw clients) type them. */
export const MENTION_SYNTAXES = [
  '@everyone',
  '@here',
  '@channel',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123>',
  '<@U123>',
  '<#C123|general>',
  '<https://example.com|click>',
] as const;

/** Characters that change how text is shown or read: direction marks, zero-widths, controls. */
const INVISIBLES = [
  '\u202e', // right-to-left override
  '\u202d',
  '\u200f', // right-to-left mark
  '\u2067', // right-to-left isolate
  '\u061c', // Arabic letter mark
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\u2060', // word joiner
  '\ufeff',
  '\u0000',
  '\u0007',
  '\u001b',
  '\r',
  '\n',
  '\t',
  '\u0085',
  '\u2028',
];

/** Words that send the engine down its different paths (harsh, crisis, proud, small talk). */
const TRIGGERS = [
  "I'm so stupid",
  'I want to kill myself',
  "I'm proud that I ",
  'I always ruin everything',
  'why?',
  'another one',
  'country ',
  'stop',
  'hi',
  'thanks',
];

const piece = fc.oneof(
  fc.constantFrom(...MENTION_SYNTAXES),
  fc.constantFrom(...INVISIBLES),
  fc.constantFrom(...TRIGGERS),
  // Any Unicode code point, including unpaired surrogates and private use.
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) }),
  fc.stringMatching(/^[\u0590-\u06ff ]{1,12}$/), // Hebrew and Arabic
  // A combining-mark flood on one letter.
  fc.integer({ min: 1, max: 400 }).map((n) => `a${'\u0301\u0302\u0336'.repeat(n)}`),
);

/** Short hostile text: mentions, invisibles and triggers mixed with arbitrary Unicode. */
export const hostileText = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));

/**
 * A short hostile pattern to repeat into a 100 KB message with `huge()`. The property gets the
 * pattern, not the message, so a failure report shows a few characters instead of 100 KB.
 */
export const hostileUnit = fc
  .array(piece, { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join('') || 'a');

/** `unit` repeated to 100,000 UTF-16 units. */
export function huge(unit: string): string {
  return unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
}

/**
 * Everything in `text` that Discord or Slack could turn into a notification: `<@…>`, `<#…>`,
 * `<!…>` markup (users, roles, channels, broadcasts, user groups) and a bare @everyone, @here or
 * @channel. A defused mention (`‹@…`, `@\u200beveryone`) does not count.
 */
export function activeMentions(text: string): string[] {
  return [...text.matchAll(/<[@#!][^>]{0,40}>?|@(?:everyone|here|channel)/gi)].map((m) => m[0]);
}
