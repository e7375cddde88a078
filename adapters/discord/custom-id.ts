/**
 * Button custom ids: `tend:<action>` or `tend:<action>:<value>`. The prefix lets Tend ignore
 * components it did not make; the value is the engine's opaque string, passed back untouched.
 */
import { ACTION_IDS, type ActionId, type ReplyButton } from '../../src/engine/types.js';

const PREFIX = 'tend';
/** Discord's limit for a component's custom_id. */
export const MAX_CUSTOM_ID_LENGTH = 100;

export function encodeCustomId(button: Pick<ReplyButton, 'actionId' | 'value'>): string {
  const id =
    button.value === undefined
      ? `${PREFIX}:${button.actionId}`
      : `${PREFIX}:${button.actionId}:${button.value}`;
  if (id.length > MAX_CUSTOM_ID_LENGTH) {
    throw new Error(
      `button "${button.actionId}" has a value of ${button.value?.length} characters; ` +
        `Discord allows ${MAX_CUSTOM_ID_LENGTH - PREFIX.length - button.actionId.length - 2}`,
    );
  }
  return id;
}

/** The action behind a custom id, or undefined for ids Tend did not make. */
export function decodeCustomId(
  customId: string,
): { actionId: ActionId; value?: string } | undefined {
  const [prefix, actionId, ...rest] = customId.split(':');
  if (prefix !== PREFIX || !isActionId(actionId)) return undefined;
  const value = rest.length > 0 ? rest.join(':') : undefined;
  return value === undefined ? { actionId } : { actionId, value };
}

function isActionId(word: string | undefined): word is ActionId {
  return (ACTION_IDS as readonly (string | undefined)[]).includes(word);
}
