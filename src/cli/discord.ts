/** `tend discord deploy [--guild ID]`: registers the slash commands (not done on every start). */
export async function discordCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'deploy') {
    process.stderr.write('Usage: npx --no tend discord deploy [--guild <server id>]\n');
    return 2;
  }
  const { runDiscordDeploy } = await import('../../adapters/discord/deploy.js');
  return runDiscordDeploy(rest);
}
