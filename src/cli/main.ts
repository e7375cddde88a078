import dotenv from 'dotenv';
import { ConfigError } from '../config.js';
import { ContentError } from '../content/errors.js';

/** `tend <command>`: one entry point for every command; each lives in its own module. */
const USAGE = `Usage: npx --no tend <command>

  start                 start every platform whose credentials are set (the console chat if none)
  chat                  talk to Tend in this terminal (also reads piped lines)
  analyze               read messages on stdin, one per line; print one JSON result per line
  content check         validate content/ and run every rule's examples
  content doc           regenerate content/RULES.md
  discord deploy [--guild ID]   register the slash commands with Discord
  backup <file>         copy the database safely while Tend runs
  bench                 measure detection and engine speed
  help                  show this
`;

async function main(argv: string[]): Promise<number> {
  // Quiet: dotenv must never print to stdout, which `tend analyze` keeps for JSON.
  dotenv.config({ quiet: true });
  const [command = 'start', ...rest] = argv;
  switch (command) {
    case 'start':
      return (await import('./start.js')).start({ consoleOnly: false });
    case 'chat':
      return (await import('./start.js')).start({ consoleOnly: true });
    case 'analyze':
      return (await import('./analyze.js')).analyzeCommand(process.stdin, process.stdout);
    case 'content':
      return (await import('./content.js')).contentCommand(rest);
    case 'discord':
      return (await import('./discord.js')).discordCommand(rest);
    case 'backup':
      return (await import('./backup.js')).backupCommand(rest);
    case 'bench':
      return (await import('./bench.js')).benchCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Errors a person can fix get one clear message; anything else is a bug and keeps its stack.
  if (error instanceof ConfigError || error instanceof ContentError) {
    process.stderr.write(`tend: ${error.message}\n`);
  } else if (error instanceof Error && error.name === 'StartupError') {
    process.stderr.write(`tend: ${error.message}\n`);
  } else {
    process.stderr.write(`tend: unexpected error\n${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
}
