/**
 * Hostile input end to end, through each adapter's render layer to the fake platform (fixed
 * seeds, bounded runs): whatever a person writes, and then sees shown back as a proud note, what
 * reaches Discord or Slack never contains an active mention or broadcast.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHarness as startDiscord,
  type Harness as DiscordHarness,
} from '../adapters/discord/harness.js';
import {
  blocksOf,
  startHarness as startSlack,
  type Harness as SlackHarness,
} from '../adapters/slack/harness.js';
import { CONTEXT, isMessageSend, messageBody } from '../fakes/fake-discord.js';
import { dmChannelFor } from '../fakes/fake-slack.js';
import { activeMentions, hostileText } from '../helpers/hostile.js';

/** The adapters ignore empty messages; a leading word keeps every sample a message. */
const message = (text: string) => `so ${text}`;

describe('Discord: nothing sent can mention anyone', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await startDiscord();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('in answers to hostile DMs, and in proud notes shown back by /proud', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const before = h.fake.requests.length;
        const user = h.newUser();
        h.engine.handleCommand({
          person: { platform: 'discord', userId: user.id },
          name: 'tend',
          args: 'keep yes',
          inSharedSpace: false,
        });
        await h.dm(user, message(text));
        await h.dm(user, `I'm proud that ${message(text)}`);
        await h.answered(h.fake.sendSlashCommand({ user, name: 'proud', context: CONTEXT.botDm }));
        const sends = h.fake.requests.slice(before).filter(isMessageSend);
        expect(sends.length).toBeGreaterThanOrEqual(3);
        for (const request of sends) {
          const body = messageBody(request);
          expect(activeMentions(String(body?.content ?? ''))).toEqual([]);
          expect(body?.allowed_mentions).toMatchObject({ parse: [] });
        }
      }),
      { seed: 20260611, numRuns: 25 },
    );
  }, 30_000);
});

describe('Slack: nothing posted can mention anyone', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlack({ mode: 'http' });
  });

  afterAll(async () => {
    await h.stop();
  });

  /** Every text Slack would render from a message: the fallback and each block's text. */
  const textsOf = (message: Record<string, unknown>): string[] => [
    String(message.text ?? ''),
    ...blocksOf(message).map((block) => String((block.text as { text?: unknown })?.text ?? '')),
  ];

  it('in answers to hostile DMs, and in proud notes shown back by /proud', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const calls = h.fake.calls.length;
        const responses = h.fake.responses.length;
        const user = h.newUser();
        h.engine.handleCommand({
          person: { platform: 'slack', userId: user },
          name: 'tend',
          args: 'keep yes',
          inSharedSpace: false,
        });
        await h.dm(user, message(text));
        await h.dm(user, `I'm proud that ${message(text)}`);
        await h.command({ command: '/proud', text: '', user, channel: dmChannelFor(user) });
        const sent = [
          ...h.fake.calls
            .slice(calls)
            .filter((c) => c.method === 'chat.postMessage')
            .map((c) => c.params),
          ...h.fake.responses.slice(responses).map((r) => r.body),
        ];
        expect(sent.length).toBeGreaterThanOrEqual(3);
        for (const params of sent) {
          expect(params.link_names).toBeUndefined();
          for (const shown of textsOf(params)) {
            // Slack reads <…> as markup (mentions, links, broadcasts): Tend escapes every one.
            expect(shown).not.toMatch(/[<>]/);
            expect(activeMentions(shown)).toEqual([]);
          }
        }
      }),
      { seed: 20260612, numRuns: 25 },
    );
  }, 30_000);
});
