/**
 * Engine replies → discord.js message payloads. Only Discord's looks live here (bold crisis line,
 * button rows, the 2000-character limit); the words are the engine's.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  type MessageMentionOptions,
} from 'discord.js';
import type { Reply, ReplyButton } from '../../src/engine/types.js';
import { encodeCustomId } from './custom-id.js';

/** Discord rejects message content longer than this. */
export const MAX_CONTENT_LENGTH = 2000;
const BUTTONS_PER_ROW = 5;

/** Replies may echo what a person wrote, so nothing in them may ever ping anyone. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

/** Fits both `channel.send` and `interaction.reply`; callers add interaction flags. */
export interface DiscordPayload {
  content: string;
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: MessageMentionOptions;
  files?: AttachmentBuilder[];
}

/** One payload per message to send, in order (a long reply becomes several). */
export function renderReplies(replies: readonly Reply[]): DiscordPayload[] {
  return replies.flatMap(renderReply);
}

function renderReply(reply: Reply): DiscordPayload[] {
  const isCrisis = reply.kind === 'crisis';
  const text = isCrisis ? boldFirstLine(reply.text) : reply.text;
  // Nothing on a crisis reply competes with the way to reach a person.
  const rows = isCrisis ? [] : buttonRows(reply.buttons ?? []);
  const files = reply.attachment
    ? [
        new AttachmentBuilder(Buffer.from(reply.attachment.content, 'utf8'), {
          name: reply.attachment.filename,
        }),
      ]
    : [];
  const parts = splitContent(text);
  return parts
    .map((content, i): DiscordPayload => ({
      content,
      components: i === parts.length - 1 ? rows : [],
      allowedMentions: NO_MENTIONS,
      ...(i === 0 && files.length > 0 ? { files } : {}),
    }))
    .filter((p) => p.content.trim() !== '' || p.components.length > 0 || p.files !== undefined);
}

/** The first line of a crisis reply is how to reach a person now: it must stand out. */
export function boldFirstLine(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  if (first.trim() === '') return text;
  return [`**${first.trim()}**`, ...rest].join('\n');
}

/** Splits at line breaks so no part is over Discord's limit; an overlong line is cut. */
export function splitContent(text: string, limit = MAX_CONTENT_LENGTH): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current !== '') parts.push(current);
    current = line;
    while (current.length > limit) {
      parts.push(current.slice(0, limit));
      current = current.slice(limit);
    }
  }
  parts.push(current);
  return parts;
}

function buttonRows(buttons: readonly ReplyButton[]): ActionRowBuilder<ButtonBuilder>[] {
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) {
    const row = buttons
      .slice(i, i + BUTTONS_PER_ROW)
      .map((button) =>
        new ButtonBuilder()
          .setCustomId(encodeCustomId(button))
          .setLabel(button.label)
          .setStyle(ButtonStyle.Secondary),
      );
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(row));
  }
  return rows;
}
