/**
 * `npm start` as a person runs it: one process with Discord and Slack both configured, pointed
 * at the local fakes, answering a DM on each, then stopping cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord.js';
import {
  BOT_TOKEN,
  FakeSlack,
  SIGNING_SECRET,
  SignedSender,
  dmEvent,
  eventCallback,
} from '../fakes/fake-slack.js';

const DISCORD_TOKEN = 'fake-bot-token';
const dir = mkdtempSync(join(tmpdir(), 'tend-start-'));
let discord: FakeDiscord;
let slack: FakeSlack;
let bot: ChildProcess;
let stderr = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let slackPort = 0;
beforeAll(async () => {
  discord = new FakeDiscord({ token: DISCORD_TOKEN });
  await discord.start();
  slack = await FakeSlack.start();
  slackPort = await freePort();
  bot = spawn(process.execPath, ['bin/tend.js', 'start'], {
    env: {
      ...process.env,
      TEND_DB: join(dir, 'tend.db'),
      TEND_LOG_LEVEL: 'info',
      DISCORD_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: '',
      SLACK_PORT: String(slackPort),
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await until(
    () =>
      /"event":"started","adapter":"discord"/.test(stderr) &&
      /"event":"started","adapter":"slack"/.test(stderr),
    'both platforms to start',
  );
});

afterAll(async () => {
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await discord.stop();
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start with Discord and Slack configured', () => {
  it('answers a Discord DM and a Slack DM from one process, logging no message text', async () => {
    const user = { id: discord.newId(), username: 'someone' };
    const before = discord.messageRequests().length;
    discord.sendDm(user, "I'm so stupid for falling for him, quartzmarker");
    await until(() => discord.messageRequests().length >= before + 2, 'the Discord replies');

    const sender = new SignedSender(`http://127.0.0.1:${slackPort}/slack/events`);
    const response = await sender.event(
      eventCallback(dmEvent('UPERSON1', "I'm such a failure, quartzmarker")),
    );
    expect(response.status).toBe(200);
    const posted = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.params.channel !== undefined,
      10_000,
    );
    expect(String(posted.params.text)).toMatch(/Tend/);
    expect(stderr).not.toContain('quartzmarker');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) =>
      bot.once('exit', (code) => resolve(code)),
    );
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"event":"stopped"/);
  });
});
