/**
 * Tend's command list (src/engine/commands.ts) as Discord application commands, and Discord's
 * interaction options back into the engine's `args` string. Both directions read COMMANDS, so a
 * new command or subcommand needs no change here.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type ChatInputCommandInteraction,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS, type CommandDefinition } from '../../src/engine/commands.js';

export type CommandScope = 'global' | 'guild';

/** The body for PUT applications/:id/commands (or the guild variant). */
export function buildCommandsJson(
  scope: CommandScope,
  commands: readonly CommandDefinition[] = COMMANDS,
): RESTPutAPIApplicationCommandsJSONBody {
  return commands.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: command.description,
    options: commandOptions(command),
    // Discord accepts these only on global commands; guild commands live in that guild alone.
    ...(scope === 'global'
      ? {
          contexts: [
            InteractionContextType.Guild,
            InteractionContextType.BotDM,
            InteractionContextType.PrivateChannel,
          ],
          integration_types: [
            ApplicationIntegrationType.GuildInstall,
            ApplicationIntegrationType.UserInstall,
          ],
        }
      : {}),
  }));
}

/**
 * Discord cannot mix subcommands with plain options, so a command with both gets its text option
 * on every subcommand ("/tend <subcommand> <text>", as on Slack).
 */
function commandOptions(command: CommandDefinition): APIApplicationCommandOption[] {
  const text: APIApplicationCommandBasicOption[] = command.textOption
    ? [
        {
          type: ApplicationCommandOptionType.String,
          name: command.textOption.name,
          description: command.textOption.description,
          required: command.textOption.required,
        },
      ]
    : [];
  if (!command.subcommands) return text;
  return command.subcommands.map((sub) => ({
    type: ApplicationCommandOptionType.Subcommand,
    name: sub.name,
    description: sub.description,
    ...(text.length > 0 ? { options: text } : {}),
  }));
}

/** "/tend help" → "help"; "/reframe thought:I'm so stupid" → "I'm so stupid". */
export function commandArgs(interaction: ChatInputCommandInteraction): string {
  const definition = COMMANDS.find((c) => c.name === interaction.commandName);
  const subcommand = definition?.subcommands ? interaction.options.getSubcommand(false) : null;
  const text = definition?.textOption
    ? interaction.options.getString(definition.textOption.name)
    : null;
  return [subcommand, text].filter((part) => part).join(' ');
}
