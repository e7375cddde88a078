/**
 * The App Home tab: what Tend is and is not, its commands, and privacy. The long wording comes from
 * the engine (`/tend about`, `/tend privacy`) so it lives in content/, not here; the command list
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
  // The answer is the last reply: a first-time visitor gets the engine's welcome before it.
  const ask = (word: string): string =>
    engine
      .handleCommand({ person, name: 'tend', args: word, inSharedSpace: false })
      .at(-1)
      ?.text.trim() ?? '';
  return {
    type: 'home',
    blocks: [
      header('Tend'),
      ...sectionBlocks(ask('about')),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: HOW_TO_TALK }],
      },
      { type: 'divider' },
      header('Commands'),
      ...sectionBlocks(COMMANDS.map(describeCommand).join('\n')),
      { type: 'divider' },
      header('Privacy'),
      ...sectionBlocks(ask('privacy')),
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
