/**
 * The Slack manifest is a file people paste into Slack, so it cannot be generated at start-up.
 * These checks keep it in step with COMMANDS and with the least privilege Tend needs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../../src/engine/commands.js';

interface SlashCommandEntry {
  command: string;
  description: string;
  usage_hint?: string;
}

interface Manifest {
  display_information: { name: string; description: string };
  features: {
    app_home: Record<string, boolean>;
    slash_commands: SlashCommandEntry[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; user_events?: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(new URL('../../../adapters/slack/manifest.yml', import.meta.url), 'utf8'),
) as Manifest;

describe('adapters/slack/manifest.yml', () => {
  it('asks for exactly the scopes Tend uses, all on the bot', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'files:write',
      'im:history',
      'im:write',
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('subscribes to DMs and the App Home only, never to channel messages', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'message.im',
    ]);
    expect(manifest.settings.event_subscriptions.user_events).toBeUndefined();
  });

  it('declares every command in COMMANDS, with its description', () => {
    expect(
      manifest.features.slash_commands.map(({ command, description }) => ({
        command,
        description,
      })),
    ).toEqual(COMMANDS.map((c) => ({ command: `/${c.name}`, description: c.description })));
  });

  it('gives every command that takes text a usage hint listing its words', () => {
    for (const definition of COMMANDS) {
      const hint = manifest.features.slash_commands.find(
        (entry) => entry.command === `/${definition.name}`,
      )?.usage_hint;
      for (const word of definition.subcommands ?? []) {
        expect(hint, `add "${word.name}" to the usage_hint of /${definition.name}`).toContain(
          word.name,
        );
      }
      if (definition.textOption)
        expect(hint, `/${definition.name} needs a usage_hint`).toBeTruthy();
    }
  });

  it('enables buttons, the Home tab, writable DMs and Socket Mode', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('stays within the lengths Slack accepts', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    for (const entry of manifest.features.slash_commands) {
      expect(entry.command.length).toBeLessThanOrEqual(32);
      expect(entry.usage_hint?.length ?? 0).toBeLessThanOrEqual(1000);
    }
  });
});
