import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  it('runs the practices and the privacy controls from the console, export as a file', () => {
    const db = join(dir, 'practices.db');
    const result = chat(
      ['chat'],
      [
        '/tend keep yes',
        '/proud I asked a friend for help',
        '/checkin 3 tired',
        '/reflect break',
        'stop',
        '/tend export',
        '/tend forget',
        'Yes, delete everything',
        '/tend privacy',
      ].join('\n') + '\n',
      { TEND_DB: db },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/streak|first day in a row/);
    expect(result.stdout).toMatch(/An okay day/);
    expect(result.stdout).toMatch(/what's hurting/);
    expect(result.stdout).toMatch(/stop here/);
    const saved = /Saved to (\S+\.json)/.exec(result.stdout)?.[1] ?? '';
    const exported = JSON.parse(readFileSync(saved, 'utf8')) as { proud_notes: { note: string }[] };
    expect(exported.proud_notes.map((n) => n.note)).toEqual(['I asked a friend for help']);
    expect(result.stdout).toMatch(/deleted everything/);
    expect(result.stdout).toMatch(/0 proud note\(s\), 0 check-in\(s\)/);
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
