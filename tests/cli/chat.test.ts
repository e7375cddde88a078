import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'tend-chat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chat = (args: string[], input: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/tend.js', ...args], {
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      TEND_DB: join(dir, 'chat.db'),
      DISCORD_TOKEN: '',
      SLACK_BOT_TOKEN: '',
      ...env,
    },
  });

describe('console chat', () => {
  it('answers piped lines and exits at the end of input', () => {
    const result = chat(
      ['chat'],
      "I'm so stupid for falling for him\nwhy?\n/tend privacy\nThat helped\n",
    );
    expect(result.status).toBe(0);
    const answers = result.stdout.split('\n').filter((l) => l.startsWith('tend> '));
    // The one-time welcome, then one answer per line.
    expect(answers).toHaveLength(5);
    expect(answers[0]).toMatch(/I'm Tend/);
    expect(result.stdout).toContain('[Another one] [Why this?] [That helped]');
    expect(answers[2]).toMatch(/I noticed/);
    expect(answers[3]).toMatch(/What I keep/);
    expect(answers[4]).toMatch(/glad it helped/);
  });

  it('npm start opens the console chat when no platform is configured', () => {
    const result = chat(['start'], 'I feel like a failure\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^tend> /m);
  });

  it('refuses to start on an invalid setting with one clear line', () => {
    const result = chat(['start'], '', { SLACK_PORT: 'seventy' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'tend: SLACK_PORT (got "seventy") must be a port number from 0 to 65535. Fix it in .env or the environment; see .env.example.',
    ]);
  });
});
