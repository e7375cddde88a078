/**
 * Registers Tend's slash commands with Discord: `npx tend discord deploy [--guild ID]`.
 * A separate step, run once per change of COMMANDS, not on every start.
 */
import { parseArgs as parseArgv } from 'node:util';
import {
  ApplicationCommandOptionType,
  REST,
  Routes,
  type APIApplicationCommand,
  type RESTGetCurrentApplicationResult,
  type RESTPutAPIApplicationCommandsResult,
} from 'discord.js';
import { INVALID_TOKEN_MESSAGE, isUnauthorized } from './errors.js';
import { buildCommandsJson } from './slash-commands.js';

export interface DeployOptions {
  token: string;
  /** Base of the REST API (DISCORD_API_URL); Discord's own by default. */
  apiUrl?: string;
  /** Register in this one server only: available at once, handy for testing. */
  guildId?: string;
}

export interface DeployResult {
  applicationId: string;
  /** Set when registered in one server; otherwise the commands are global. */
  guildId?: string;
  /** The commands as Discord registered them. */
  commands: RESTPutAPIApplicationCommandsResult;
}

/** Replaces the application's command set (global, or one guild's) with COMMANDS. */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  try {
    const application = (await rest.get(
      Routes.currentApplication(),
    )) as RESTGetCurrentApplicationResult;
    const { guildId } = options;
    const route = guildId
      ? Routes.applicationGuildCommands(application.id, guildId)
      : Routes.applicationCommands(application.id);
    const commands = (await rest.put(route, {
      body: buildCommandsJson(guildId ? 'guild' : 'global'),
    })) as RESTPutAPIApplicationCommandsResult;
    return guildId
      ? { applicationId: application.id, guildId, commands }
      : { applicationId: application.id, commands };
  } catch (error) {
    if (isUnauthorized(error)) throw new Error(INVALID_TOKEN_MESSAGE, { cause: error });
    throw error;
  }
}

export interface DeployIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

const USAGE = 'usage: tend discord deploy [--guild <server id>]\n';

/**
 * The CLI entry: `tend discord deploy [--guild ID]`. Reads DISCORD_TOKEN and DISCORD_API_URL
 * from `env`, prints what was registered, and returns the exit code (0 ok, 1 failed, 2 usage).
 */
export async function runDiscordDeploy(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: DeployIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const parsed = parseArgs(args);
  if ('error' in parsed) {
    io.err.write(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  const token = env.DISCORD_TOKEN?.trim();
  if (!token) {
    io.err.write(
      'DISCORD_TOKEN is not set. Copy the bot token from the Discord Developer Portal ' +
        '(your application → Bot → Reset Token) into .env as DISCORD_TOKEN.\n',
    );
    return 1;
  }
  try {
    const result = await deployCommands({
      token,
      ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
      ...(parsed.guildId ? { guildId: parsed.guildId } : {}),
    });
    io.out.write(describeDeploy(result));
    return 0;
  } catch (error) {
    const reason =
      error instanceof Error && error.message === INVALID_TOKEN_MESSAGE
        ? error.message
        : `Could not register the commands: ${error instanceof Error ? error.message : String(error)}`;
    io.err.write(`${reason}\n`);
    return 1;
  }
}

function parseArgs(args: readonly string[]): { guildId?: string } | { error: string } {
  let guild: string | undefined;
  try {
    guild = parseArgv({ args: [...args], options: { guild: { type: 'string' } } }).values.guild;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (guild === undefined) return {};
  if (!/^\d{17,20}$/.test(guild)) {
    return {
      error:
        '--guild needs a server id: 17 to 20 digits (Discord Developer Mode, then right-click ' +
        'the server → Copy Server ID)',
    };
  }
  return { guildId: guild };
}

/** "Registered 2 commands globally ...", then one line per command with its options. */
export function describeDeploy(result: DeployResult): string {
  const where = result.guildId
    ? `in server ${result.guildId} (usable there at once)`
    : 'globally (servers, the DM with Tend, and other DMs for people who installed Tend)';
  const lines = result.commands.map((command) => `  ${describeCommand(command)}`);
  return (
    `Registered ${result.commands.length} commands for application ${result.applicationId} ${where}:\n` +
    `${lines.join('\n')}\n`
  );
}

/** "/reframe <thought>", "/tend help | about | privacy". */
function describeCommand(command: APIApplicationCommand): string {
  const options = command.options ?? [];
  const subcommands = options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const usage =
    subcommands.length > 0
      ? subcommands
          .map((sub) => [sub.name, ...(sub.options ?? []).map(describeOption)].join(' '))
          .join(' | ')
      : options.map(describeOption).join(' ');
  return `/${command.name} ${usage}`.trimEnd();
}

function describeOption(option: { name: string; required?: boolean }): string {
  return option.required ? `<${option.name}>` : `[${option.name}]`;
}
