/**
 * The one definition of Tend's slash commands. Adapters build their platform's command
 * registration (Discord application commands, the Slack manifest) and parsing from this list,
 * so the command set and its words are the same everywhere.
 */

export interface SubcommandDefinition {
  name: string;
  description: string;
}

export interface CommandDefinition {
  name: string;
  description: string;
  /** A free-text argument (Discord: a string option; Slack: the command text). */
  textOption?: { name: string; description: string; required: boolean };
  /** Words accepted after the command (Discord: subcommands; Slack/console: first word of text). */
  subcommands?: SubcommandDefinition[];
}

export const TEND_SUBCOMMANDS: SubcommandDefinition[] = [
  { name: 'help', description: 'What Tend can do and how to use it' },
  { name: 'about', description: 'What Tend is, and what it is not' },
  { name: 'privacy', description: 'What Tend keeps about you, in plain words and counts' },
  { name: 'export', description: 'Everything Tend holds about you, as a JSON file' },
  { name: 'forget', description: 'Delete everything Tend holds about you' },
  { name: 'pause', description: 'No reminders and no remembered notes until you resume' },
  { name: 'resume', description: 'Turn reminders and remembered notes back on' },
  { name: 'keep', description: 'Keep your proud notes and check-ins: yes or no' },
  { name: 'memories', description: 'Bring back an old proud note on hard days: on or off' },
  {
    name: 'remind',
    description: 'Daily reminder: remind walk 07:30 Europe/Dublin, or remind stop walk',
  },
  { name: 'timezone', description: 'Your time zone, e.g. timezone America/New_York' },
  {
    name: 'quiet',
    description: 'Quiet hours with no nudges, e.g. quiet 22:00 08:00, or quiet off',
  },
  { name: 'country', description: "Which country's crisis lines to show, e.g. country GB" },
];

export const COMMANDS: CommandDefinition[] = [
  {
    name: 'reframe',
    description: 'Share a harsh thought about yourself and get a kinder way to see it',
    textOption: {
      name: 'thought',
      description: 'The thought, in your own words (it is not stored)',
      required: true,
    },
  },
  {
    name: 'proud',
    description: 'One thing you are proud of today; with nothing, your streak and recent notes',
    textOption: { name: 'note', description: 'What you are proud of', required: false },
  },
  {
    name: 'checkin',
    description: 'How are you, from 1 to 5, and a word if you like',
    textOption: {
      name: 'how',
      description: 'A number from 1 to 5 and an optional word, e.g. 3 tired',
      required: false,
    },
  },
  {
    name: 'reflect',
    description: 'A short guided reflection: break, friend, teaching or letter',
    textOption: {
      name: 'which',
      description: 'break, friend, teaching or letter',
      required: false,
    },
  },
  {
    name: 'tend',
    description: 'Help, what Tend is, your privacy, reminders and settings',
    textOption: {
      name: 'details',
      description: 'Details for the word, if it takes any',
      required: false,
    },
    subcommands: TEND_SUBCOMMANDS,
  },
];

/** Splits "/tend help" style text into a known subcommand and the rest; unknown words fall back to help. */
export function parseSubcommand(
  definition: CommandDefinition,
  args: string,
): { subcommand: string; rest: string } {
  const [first = '', ...rest] = args.trim().split(/\s+/);
  const known = definition.subcommands?.find((s) => s.name === first.toLowerCase());
  return known
    ? { subcommand: known.name, rest: rest.join(' ') }
    : { subcommand: 'help', rest: args.trim() };
}
