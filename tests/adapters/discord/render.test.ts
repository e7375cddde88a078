import { describe, expect, it } from 'vitest';
import {
  decodeCustomId,
  encodeCustomId,
  MAX_CUSTOM_ID_LENGTH,
} from '../../../adapters/discord/custom-id.js';
import {
  boldFirstLine,
  MAX_CONTENT_LENGTH,
  renderReplies,
  splitContent,
} from '../../../adapters/discord/render.js';

const buttons = [
  { actionId: 'another', label: 'Another' },
  { actionId: 'why', label: 'Why?' },
  { actionId: 'helped', label: 'This helped', value: 'so-stupid:2' },
] as const;

describe('rendering replies for Discord', () => {
  it('renders a reframe with one row of buttons and no mentions', () => {
    const [payload, ...rest] = renderReplies([
      { kind: 'reframe', text: 'A kinder view.', buttons: [...buttons] },
    ]);
    expect(rest).toEqual([]);
    expect(payload?.content).toBe('A kinder view.');
    expect(payload?.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(payload?.components.map((row) => row.toJSON())).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 2, label: 'Another', custom_id: 'tend:another' },
          { type: 2, style: 2, label: 'Why?', custom_id: 'tend:why' },
          { type: 2, style: 2, label: 'This helped', custom_id: 'tend:helped:so-stupid:2' },
        ],
      },
    ]);
  });

  it('puts the first line of a crisis reply in bold and drops any buttons', () => {
    const [payload] = renderReplies([
      { kind: 'crisis', text: 'Call 988 now\nYou matter.', buttons: [...buttons] },
    ]);
    expect(payload?.content).toBe('**Call 988 now**\nYou matter.');
    expect(payload?.components).toEqual([]);
  });

  it('leaves a crisis reply with an empty first line as it is', () => {
    expect(boldFirstLine('\nCall 988')).toBe('\nCall 988');
  });

  it('splits long text at line breaks, with buttons on the last part only', () => {
    const line = 'x'.repeat(1500);
    const payloads = renderReplies([
      { kind: 'info', text: `${line}\n${line}\n${line}`, buttons: [...buttons] },
    ]);
    expect(payloads.map((p) => p.content)).toEqual([line, line, line]);
    expect(payloads.map((p) => p.components.length)).toEqual([0, 0, 1]);
  });

  it('cuts a single overlong line to the limit', () => {
    const parts = splitContent('y'.repeat(MAX_CONTENT_LENGTH * 2 + 5));
    expect(parts.map((p) => p.length)).toEqual([MAX_CONTENT_LENGTH, MAX_CONTENT_LENGTH, 5]);
  });

  it('attaches a file to the first part of its reply', () => {
    const [payload] = renderReplies([
      { kind: 'info', text: 'Here it is.', attachment: { filename: 'a.json', content: '{}' } },
    ]);
    expect(payload?.files?.map((f) => f.name)).toEqual(['a.json']);
  });

  it('sends nothing for an empty reply without buttons', () => {
    expect(renderReplies([{ kind: 'listen', text: '  ' }])).toEqual([]);
  });
});

describe('button custom ids', () => {
  it('round-trips actions and values, colons included', () => {
    for (const button of buttons) {
      const { actionId } = button;
      const value = 'value' in button ? button.value : undefined;
      expect(decodeCustomId(encodeCustomId({ actionId, value }))).toEqual(
        value === undefined ? { actionId } : { actionId, value },
      );
    }
  });

  it('ignores ids Tend did not make', () => {
    expect(decodeCustomId('other:another')).toBeUndefined();
    expect(decodeCustomId('tend:explode')).toBeUndefined();
    expect(decodeCustomId('tend:constructor')).toBeUndefined();
  });

  it('refuses a value too long for Discord, saying how long it may be', () => {
    expect(() =>
      encodeCustomId({ actionId: 'helped', value: 'v'.repeat(MAX_CUSTOM_ID_LENGTH) }),
    ).toThrow(/Discord allows 88/);
  });
});
