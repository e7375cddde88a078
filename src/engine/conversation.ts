import { normalize } from '../detect/normalize.js';
import type { Turn } from '../practices/turn.js';
import { chooseCountry } from './country.js';
import { pick, seededRandom } from './random.js';
import type { Reframer } from './reframing.js';
import type { Reply } from './types.js';

/** Small-talk intents are only tried on messages this short; longer ones are listened to. */
const INTENT_MAX_CHARS = 80;
/** Longer than this as typed, a message is never small talk: not worth normalizing whole. */
const SMALL_TALK_MAX_TYPED_CHARS = 1_000;

/**
 * The answer to a message no rule flagged: small talk (greeting, help, "why?", "another one",
 * thanks, questions about Tend), a country choice, or a short listening reply. Never a reframe
 * nobody asked for.
 */
export function converse(turn: Turn, message: string, reframer: Reframer): Reply[] {
  const words = turn.content.conversation;
  const random = seededRandom(turn.seed);
  if (message.length > SMALL_TALK_MAX_TYPED_CHARS) {
    return [{ kind: 'listen', text: pick(words.listening, random) }];
  }
  const text = normalize(message)
    .text.replace(/[.!?…]+$/, '')
    .trim();
  const country = /^country\s+([a-z][a-z ]{1,30})$/.exec(text);
  if (country?.[1]) return [chooseCountry(turn, country[1])];
  switch (text.length <= INTENT_MAX_CHARS ? intentOf(turn, text) : undefined) {
    case 'greeting':
      return [{ kind: 'info', text: pick(words.intents.greeting.replies, random) }];
    case 'thanks':
      return [{ kind: 'thanks', text: pick(words.intents.thanks.replies, random) }];
    case 'help':
      return [{ kind: 'info', text: words.help_text }];
    case 'about':
      return [{ kind: 'info', text: words.about_text }];
    case 'why':
      return [reframer.why(turn.userKey)];
    case 'another':
      return [reframer.another(turn.userKey, turn.seed, turn.now)];
    default:
      return [{ kind: 'listen', text: pick(words.listening, random) }];
  }
}

function intentOf(turn: Turn, text: string): string | undefined {
  for (const [name, patterns] of turn.content.intents) {
    if (patterns.some((p) => p.test(text))) return name;
  }
  return undefined;
}
