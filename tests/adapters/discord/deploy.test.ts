import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands, runDiscordDeploy } from '../../../adapters/discord/index.js';
import { COMMANDS } from '../../../src/engine/commands.js';
import { APPLICATION_ID, FakeDiscord } from '../../fakes/fake-discord.js';
import { TOKEN } from './harness.js';

const STRING = 3;
const SUBCOMMAND = 1;

interface RegisteredOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  options?: RegisteredOption[];
}
interface Registered {
  name: string;
  description: string;
  options: RegisteredOption[];
  contexts?: number[];
  integration_types?: number[];
}

/** What COMMANDS should look like on Discord, written out independently of the adapter. */
function expectedFromCommands() {
  return COMMANDS.map((command) => {
    const text = command.textOption
      ? [
          {
            type: STRING,
            name: command.textOption.name,
            description: command.textOption.description,
            required: command.textOption.required,
          },
        ]
      : [];
    const options = command.subcommands
      ? command.subcommands.map((s) => ({
          type: SUBCOMMAND,
          name: s.name,
          description: s.description,
          ...(text.length > 0 ? { options: text } : {}),
        }))
      : text;
    return { name: command.name, description: command.description, options };
  });
}

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: { write: (text: string) => out.push(text) },
      err: { write: (text: string) => err.push(text) },
    },
  };
}

describe('Discord command deployment', () => {
  const fake = new FakeDiscord({ token: TOKEN });
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await fake.start();
    env = { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl };
  });

  afterAll(async () => {
    await fake.stop();
  });

  it('registers the command set from COMMANDS globally, for every context and install', async () => {
    const result = await deployCommands({ token: TOKEN, apiUrl: fake.apiUrl });
    expect(result.applicationId).toBe(APPLICATION_ID);
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/commands`);
    const sent = put?.body as Registered[];
    expect(sent.map(({ name, description, options }) => ({ name, description, options }))).toEqual(
      expectedFromCommands(),
    );
    for (const command of sent) {
      expect(command.contexts).toEqual([0, 1, 2]);
      expect(command.integration_types).toEqual([0, 1]);
    }
    expect(result.commands.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it('registers in one guild with --guild, and says what it registered', async () => {
    const guildId = '300000000000000001';
    const { out, err, io } = captureIo();
    const code = await runDiscordDeploy(['--guild', guildId], env, io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const registered = fake.commands.get(guildId) as unknown as Registered[];
    expect(registered.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    // Discord accepts contexts and install types on global commands only.
    expect(registered.every((c) => c.contexts === undefined)).toBe(true);
    const printed = out.join('');
    expect(printed).toContain(`Registered ${COMMANDS.length} commands`);
    expect(printed).toContain(`in server ${guildId}`);
    expect(printed).toContain('/reframe <thought>');
    const lines = printed.split('\n').map((line) => line.trim());
    for (const command of COMMANDS) {
      const line = lines.find((l) => l.startsWith(`/${command.name} `) || l === `/${command.name}`);
      expect(line, command.name).toBeDefined();
      for (const sub of command.subcommands ?? []) expect(line).toContain(sub.name);
    }
  });

  it('fails with one clear line on an invalid token', async () => {
    const { out, err, io } = captureIo();
    const code = await runDiscordDeploy([], { ...env, DISCORD_TOKEN: 'wrong' }, io);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(/^DISCORD_TOKEN is invalid[^\n]*\n$/);
  });

  it('says how to set DISCORD_TOKEN when it is missing', async () => {
    const { err, io } = captureIo();
    expect(await runDiscordDeploy([], { DISCORD_API_URL: fake.apiUrl }, io)).toBe(1);
    expect(err.join('')).toMatch(/^DISCORD_TOKEN is not set/);
  });

  it.each([[['--guild', 'abc']], [['--guild']], [['--global']]])(
    'rejects bad arguments %j with usage',
    async (args) => {
      const { err, io } = captureIo();
      expect(await runDiscordDeploy(args, env, io)).toBe(2);
      expect(err.join('')).toContain('usage: tend discord deploy');
    },
  );
});
