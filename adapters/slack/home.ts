/**
 * The App Home tab: what Tend is and is not, the person's own practices, its commands, and privacy.
 * The wording comes from the engine's read-only overview, so it lives in content/, not here; the command list
 * comes from COMMANDS so a new word shows up without touching this file.
 */
import type { types } from '@slack/bolt';
import { COMMANDS, type CommandDefinition } from '../../src/engine/commands.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Person } from '../../src/engine/types.js';
import { sectionBlocks } from './render.js';

/** Slack-specific, so it lives with the adapter rather than in content/. */
const HOW_TO_TALK =
  'Write to Tend in the Messages tab. In a channel, use a command: only you see the answer.';

export function buildHomeView(engine: Engine, person: Person): types.HomeView {
  // Read only: opening the Home tab changes nothing about the person.
  const overview = engine.overview(person);
  return {
    type: 'home',
    blocks: [
      header('Tend'),
      ...sectionBlocks(overview.about),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: HOW_TO_TALK }],
      },
      { type: 'divider' },
      ...(overview.practices
        ? [
            header('Your practices'),
            ...sectionBlocks(overview.practices),
            { type: 'divider' as const },
          ]
        : []),
      header('Commands'),
      ...sectionBlocks(COMMANDS.map(describeCommand).join('\n')),
      { type: 'divider' },
      header('Privacy'),
      ...sectionBlocks(overview.privacy),
    ],
  };
}

/** "`/reframe [thought]` Share a harsh thought…", then one line per subcommand word. */
function describeCommand(command: CommandDefinition): string {
  const option = command.subcommands
    ? ' [word]'
    : command.textOption
      ? ` [${command.textOption.name}]`
      : '';
  const lines = [`\`/${command.name}${option}\` ${command.description}`];
  for (const word of command.subcommands ?? []) {
    lines.push(`• \`/${command.name} ${word.name}\` ${word.description}`);
  }
  return lines.join('\n');
}

function header(text: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text } };
}
