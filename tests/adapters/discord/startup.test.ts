import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../adapters/discord/index.js';
import type { Adapter } from '../../../src/adapter.js';
import { FakeDiscord } from '../../fakes/fake-discord.js';
import type { Engine } from '../../../src/engine/engine.js';
import { LogCapture, TOKEN } from './harness.js';

/** Start-up fails before any event arrives, so the engine must never be asked anything. */
const untouchedEngine: Engine = {
  handleMessage: unexpected,
  handleCommand: unexpected,
  handleAction: unexpected,
  overview: unexpected,
};
function unexpected(): never {
  throw new Error('the engine was called during a failed start-up');
}

describe('Discord start-up with an invalid token', () => {
  let fake: FakeDiscord | undefined;
  let adapter: Adapter | undefined;

  afterEach(async () => {
    await adapter?.stop();
    await fake?.stop();
  });

  async function startWith(token: string, setup: (fake: FakeDiscord) => void = () => {}) {
    fake = new FakeDiscord({ token: TOKEN });
    await fake.start();
    setup(fake);
    const logs = new LogCapture();
    adapter = createDiscordAdapter({
      engine: untouchedEngine,
      logger: logs.logger,
      token,
      apiUrl: fake.apiUrl,
    });
    const error = await adapter.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, logs };
  }

  function expectOneClearLine(error: unknown) {
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^DISCORD_TOKEN is invalid/);
    expect(message).toContain('Reset Token');
  }

  it('fails with one clear line when Discord answers 401 (gateway/bot)', async () => {
    const { error, logs } = await startWith('wrong-token');
    expectOneClearLine(error);
    expect(fake?.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
    expect(logs.lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('fails with one clear line when the gateway closes with 4004', async () => {
    const { error, logs } = await startWith(TOKEN, (f) => {
      f.closeOnIdentify = 4004;
    });
    expectOneClearLine(error);
    expect(fake?.frames.some((f) => f.direction === 'received' && f.op === 2)).toBe(true);
    expect(logs.lines.filter((l) => l.level >= 40)).toEqual([]);
  });
});
