import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  fromSlackActionId,
  fromSlackText,
  isDirectChannel,
  renderReply,
  sectionBlocks,
  toSlackActionId,
} from '../../../adapters/slack/render.js';
import { ACTION_IDS } from '../../../src/engine/types.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('Slack rendering', () => {
  it('escapes the three control characters, & first', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123> a & b &lt;')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; a &amp; b &amp;lt;',
    );
  });

  it('reads Slack markup back as what the person typed', () => {
    expect(
      fromSlackText(
        '&lt;b&gt; &amp;amp; <@U1> <!here> <#C1|general> <https://x.io|x> <https://y.io>',
      ),
    ).toBe('<b> &amp; @U1 @here general x https://y.io');
  });

  it('round-trips every engine action id through its Slack action_id', () => {
    for (const id of ACTION_IDS) {
      expect(fromSlackActionId(toSlackActionId(id))).toBe(id);
      expect(fromSlackActionId(toSlackActionId(id, 3))).toBe(id);
    }
    expect(toSlackActionId('why')).toBe('tend_why');
    expect(fromSlackActionId('tend_unknown')).toBeUndefined();
    expect(fromSlackActionId('other_app_why')).toBeUndefined();
  });

  it('numbers repeated actions so action_ids stay unique within the button row', () => {
    const { blocks } = renderReply({
      kind: 'info',
      text: 'How are you, from 1 to 5?',
      buttons: ['1', '2', '3'].map((value) => ({ actionId: 'checkin', label: value, value })),
    });
    expect(actionIdsOf(blocks)).toEqual(['tend_checkin', 'tend_checkin.2', 'tend_checkin.3']);
  });

  it('knows DM channels by their D prefix', () => {
    expect(isDirectChannel('D0123')).toBe(true);
    expect(isDirectChannel('C0123')).toBe(false);
    expect(isDirectChannel('G0123')).toBe(false);
  });

  it('renders a reframe as text, a section and a button row, with a plain-text fallback', () => {
    const message = renderReply({
      kind: 'reframe',
      text: 'You trusted someone. That is not stupid.',
      buttons: [
        { actionId: 'another', label: 'Another' },
        { actionId: 'helped', label: 'This helped', value: 'so-stupid-1' },
      ],
    });
    expect(message).toEqual({
      text: 'You trusted someone. That is not stupid.',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'You trusted someone. That is not stupid.' },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'tend_another',
              text: { type: 'plain_text', text: 'Another', emoji: true },
            },
            {
              type: 'button',
              action_id: 'tend_helped',
              text: { type: 'plain_text', text: 'This helped', emoji: true },
              value: 'so-stupid-1',
            },
          ],
        },
      ],
    });
  });

  it('renders a crisis reply with its first line bold on top and never any buttons', () => {
    const message = renderReply({
      kind: 'crisis',
      text: 'Call or text 988 now.\nYou deserve support.',
      buttons: [{ actionId: 'another', label: 'Another' }],
    });
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Call or text 988 now.*' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'You deserve support.' } },
    ]);
    expect(message.text).toBe('Call or text 988 now.\nYou deserve support.');
  });

  it('splits long text into sections Slack accepts (3000 characters each, after escaping)', () => {
    const paragraph = `${'<&> '.repeat(200)}`.trim();
    const text = Array.from({ length: 10 }, () => paragraph).join('\n');
    const blocks = sectionBlocks(text);
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(block.text?.text.length).toBeLessThanOrEqual(3000);
    expect(blocks.map((block) => block.text?.text).join('\n')).toBe(escapeMrkdwn(text));
  });

  it('cuts a single over-long line without breaking an escape or a surrogate pair', () => {
    const line = '🌱&'.repeat(2000);
    const blocks = sectionBlocks(line);
    for (const block of blocks) {
      expect(block.text?.text.length).toBeLessThanOrEqual(3000);
      expect(block.text?.text).not.toMatch(/&(?!amp;)/);
      expect(block.text?.text).not.toMatch(LONE_SURROGATE);
    }
    expect(blocks.map((block) => block.text?.text).join('')).toBe(escapeMrkdwn(line));
  });
});

function actionIdsOf(blocks: types.KnownBlock[]): (string | undefined)[] {
  return blocks.flatMap((block) =>
    block.type === 'actions'
      ? block.elements.flatMap((element) => ('action_id' in element ? [element.action_id] : []))
      : [],
  );
}
