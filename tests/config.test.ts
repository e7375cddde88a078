import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('starts with nothing set: console only, default database', () => {
    const config = loadConfig({});
    expect(config.databasePath).toBe('./data/tend.db');
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
  });

  it('turns on a platform when its credentials are set', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'abc',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_PORT: '4000',
    });
    expect(config.discord?.token).toBe('abc');
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', port: 4000 });
  });

  it.each([
    [{ SLACK_PORT: 'abc' }, /^SLACK_PORT \(got "abc"\) must be a port number from 0 to 65535/],
    [{ TEND_LOG_LEVEL: 'loud' }, /^TEND_LOG_LEVEL .*must be one of fatal, error/],
    [{ TEND_DEFAULT_COUNTRY: 'Britain' }, /^TEND_DEFAULT_COUNTRY .*two-letter country code/],
    [{ DISCORD_API_URL: 'not a url' }, /^DISCORD_API_URL .*full URL/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET must be set/],
  ])('stops on a bad value with one line naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('never prints a secret back, even a malformed one', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'secret-value-123' })).toThrow(
      /^SLACK_BOT_TOKEN must be/,
    );
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'secret-value-123' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-value-123');
    }
  });
});
