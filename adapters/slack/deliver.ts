/**
 * Sends the engine's replies back to where the person asked: their DM with Tend
 * (chat.postMessage) or an answer only they can see (the command's or button's response_url).
 * A file (the data export) only ever goes to the DM: Slack cannot show a file ephemerally, and
 * a channel is never the place for it. `Reply.ephemeral` needs no handling here: the place
 * already guarantees it (a DM is private; everything else is answered ephemerally).
 */
import type { RespondFn, types, webApi } from '@slack/bolt';
import type { Reply } from '../../src/engine/types.js';
import { escapeMrkdwn, renderReply } from './render.js';

/** Where answers go: a DM channel (D…, in the thread the person wrote in, if any) or ephemeral. */
export type Place =
  { kind: 'dm'; channel: string; threadTs?: string } | { kind: 'ephemeral'; respond: RespondFn };

export async function deliver(
  client: webApi.WebClient,
  place: Place,
  userId: string,
  replies: Reply[],
): Promise<void> {
  for (const reply of replies) {
    const message = renderReply(reply);
    if (place.kind === 'dm') {
      await client.chat.postMessage({
        channel: place.channel,
        ...(place.threadTs !== undefined && { thread_ts: place.threadTs }),
        ...message,
      });
    } else {
      if (reply.attachment) message.blocks.push(fileNote(reply.attachment.filename));
      // replace_original: false keeps the message a button was pressed on.
      await place.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    }
    if (reply.attachment) {
      const channel = place.kind === 'dm' ? place.channel : await openDm(client, userId);
      await client.files.uploadV2({
        channel_id: channel,
        filename: reply.attachment.filename,
        content: reply.attachment.content,
      });
    }
  }
}

/** The person's DM with Tend (conversations.open finds it, or opens it the first time). */
export async function openDm(client: webApi.WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (channel === undefined) throw new Error('conversations.open answered without a channel');
  return channel;
}

/** Slack-specific, so the wording lives here rather than in content/. */
function fileNote(filename: string): types.ContextBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(filename)} is in your DM with Tend.` }],
  };
}
