/**
 * Slack's text in, Slack's messages out. Pure functions (no Bolt, no network), so the rules that
 * keep Tend from ever pinging a channel are easy to test on their own.
 */
import type { types } from '@slack/bolt';
import { ACTION_IDS, type ActionId, type Reply, type ReplyButton } from '../../src/engine/types.js';

/** A rendered message: Block Kit for the client, `text` for notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Marks Tend's own buttons, so the action listener can ignore anything else. */
const ACTION_PREFIX = 'tend_';

/** Slack rejects a section whose text is longer than this. */
const SECTION_LIMIT = 3000;

/**
 * `&`, `<` and `>` are Slack's control characters: `<!channel>` pings everyone, `<@U1>` pings a
 * person. Escaped, they show as typed and never notify anyone.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * What the person typed, from Slack's encoding of it: `<https://x|label>` → "label",
 * `<!here>` → "@here", `<@U1>` → "@U1", `&lt;` → "<".
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_markup, inner: string) => {
      const bar = inner.indexOf('|');
      if (bar >= 0) return inner.slice(bar + 1);
      return inner.startsWith('!') ? `@${inner.slice(1)}` : inner;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * `tend_<action>`, e.g. `tend_why`. Slack wants action_ids unique within a block, so a repeated
 * action (check-in buttons 1 to 5) gets a counter: `tend_checkin`, `tend_checkin.2`, ….
 */
export function toSlackActionId(actionId: ActionId, occurrence = 1): string {
  return occurrence === 1
    ? `${ACTION_PREFIX}${actionId}`
    : `${ACTION_PREFIX}${actionId}.${occurrence}`;
}

/** The engine action behind one of Tend's action_ids, or undefined for anything else. */
export function fromSlackActionId(slackActionId: string): ActionId | undefined {
  if (!slackActionId.startsWith(ACTION_PREFIX)) return undefined;
  const [name] = slackActionId.slice(ACTION_PREFIX.length).split('.');
  return ACTION_IDS.find((id) => id === name);
}

/** True for a direct-message channel (Slack ids starting with D); channels and group DMs are not. */
export function isDirectChannel(channelId: string): boolean {
  return channelId.startsWith('D');
}

/**
 * One engine reply as a Slack message. A crisis reply puts its first line (how to reach a person)
 * on top in bold and never carries buttons: nothing should compete with that line.
 */
export function renderReply(reply: Reply): SlackMessage {
  const plain = reply.text.trim();
  const text = escapeMrkdwn(plain);
  if (reply.kind === 'crisis') {
    const [first = '', ...rest] = plain.split('\n');
    return {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(first.trim())}*` } },
        ...sectionBlocks(rest.join('\n').trim()),
      ],
    };
  }
  const blocks: types.KnownBlock[] = sectionBlocks(plain);
  if (reply.buttons?.length) blocks.push(buttonRow(reply.buttons));
  return { text, blocks };
}

function buttonRow(buttons: ReplyButton[]): types.ActionsBlock {
  const seen = new Map<ActionId, number>();
  return {
    type: 'actions',
    elements: buttons.map((button) => {
      const occurrence = (seen.get(button.actionId) ?? 0) + 1;
      seen.set(button.actionId, occurrence);
      return {
        type: 'button',
        action_id: toSlackActionId(button.actionId, occurrence),
        text: { type: 'plain_text', text: button.label, emoji: true },
        ...(button.value !== undefined && { value: button.value }),
      };
    }),
  };
}

/** Plain text as escaped mrkdwn sections, split at line breaks to stay under Slack's limit. */
export function sectionBlocks(plain: string): types.SectionBlock[] {
  if (plain === '') return [];
  const chunks: string[] = [];
  let current = '';
  for (const line of plain.split('\n').flatMap(splitLongLine)) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (current !== '' && escapeMrkdwn(candidate).length > SECTION_LIMIT) {
      chunks.push(current);
      current = line;
    } else {
      current = candidate;
    }
  }
  chunks.push(current);
  return chunks.map((chunk) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: escapeMrkdwn(chunk) },
  }));
}

/** Cuts a single over-long line by code point so that each escaped piece fits one section. */
function splitLongLine(line: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  let escapedLength = 0;
  for (const char of line) {
    const size = escapeMrkdwn(char).length;
    if (escapedLength + size > SECTION_LIMIT) {
      pieces.push(piece);
      piece = '';
      escapedLength = 0;
    }
    piece += char;
    escapedLength += size;
  }
  return [...pieces, piece];
}
