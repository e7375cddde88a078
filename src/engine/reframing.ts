import type { Content } from '../content/load.js';
import type { ReframeSet } from '../content/schema.js';
import type { Hit } from '../detect/detector.js';
import type { Store } from '../storage/store.js';
import { pick, seededRandom } from './random.js';
import type { Reply, ReplyButton } from './types.js';

/** How many recent reframes a person should not see again soon. */
const ROTATION_MEMORY = 8;
/** Remembered in memory only: the person's harsh word, for "another one" ({word} reframes). */
const WORD_MEMORY_LIMIT = 10_000;

/**
 * Turns a harsh hit into a reply: an acknowledgement, a reframe the person has not seen lately,
 * and sometimes a common-humanity line or a gentle question. Also answers "another one" and
 * "why?" from the ids remembered about the last reply.
 */
export class Reframer {
  private readonly lastWords = new Map<string, string>();

  constructor(
    private readonly content: Content,
    private readonly store: Store,
  ) {}

  reframe(
    userKey: string,
    hits: Hit[],
    seed: string,
    now: number,
    mode: 'first' | 'another' = 'first',
  ): Reply {
    const harsh = hits.filter((h) => h.kind === 'harsh');
    const hit = harsh[0];
    const rule = this.content.rules.find((r) => r.id === hit?.ruleId);
    const sets = (rule?.reframes ?? [])
      .map((id) => this.content.reframeSets.get(id))
      .filter((s) => s !== undefined);
    if (!hit || !rule || sets.length === 0) {
      return {
        kind: 'listen',
        text: pick(this.content.conversation.listening, seededRandom(seed)),
      };
    }
    // Remember the word of the thought being answered (or that it had none) for "another one",
    // which has no new words of its own and reuses it.
    if (mode === 'first') this.rememberWord(userKey, hit.word);
    const word = mode === 'another' ? this.lastWords.get(userKey) : hit.word;
    const chosen = this.chooseReframe(userKey, sets, word, seed);
    const reframeText = fillWord(chosen.text, word);
    let text = reframeText;
    if (mode === 'first') {
      const acknowledgement = pick(
        (sets[0] as ReframeSet).acknowledgements,
        seededRandom(`${seed}:ack`),
      );
      text = `${acknowledgement} ${reframeText}`;
      const extra = seededRandom(`${seed}:extra`);
      const words = this.content.conversation;
      if (extra < 0.3) text += `\n\n${pick(words.common_humanity, seededRandom(`${seed}:ch`))}`;
      else if (extra < 0.55)
        text += `\n\n${pick(words.gentle_questions, seededRandom(`${seed}:q`))}`;
    }
    this.store.recordReply(
      userKey,
      {
        ruleIds: [...new Set(harsh.map((h) => h.ruleId))],
        categoryId: hit.categoryId,
        reframeId: chosen.id,
      },
      now,
    );
    return { kind: 'reframe', text, buttons: this.buttons(chosen.id) };
  }

  another(userKey: string, seed: string, now: number): Reply {
    const last = this.store.lastReply(userKey);
    const rule = this.content.rules.find((r) => r.id === last?.ruleIds[0]);
    if (!last || !rule || rule.category.kind !== 'harsh') {
      return { kind: 'info', text: this.content.conversation.another_nothing };
    }
    const hits: Hit[] = last.ruleIds.map((ruleId) => ({
      ruleId,
      categoryId: last.categoryId,
      kind: 'harsh',
      start: 0,
      end: 0,
    }));
    return this.reframe(userKey, hits, seed, now, 'another');
  }

  why(userKey: string): Reply {
    const last = this.store.lastReply(userKey);
    if (!last) return { kind: 'why', text: this.content.conversation.why_nothing };
    const lines = last.ruleIds.map((ruleId) => {
      const rule = this.content.rules.find((r) => r.id === ruleId);
      if (!rule) return `I noticed a pattern (${ruleId}).`;
      return `I noticed ${rule.category.name.toLowerCase()}: ${rule.category.explanation} (rule "${rule.id}": ${rule.source.note})`;
    });
    const ending =
      this.content.categories.get(last.categoryId)?.kind === 'crisis'
        ? 'When words like these come up, I stop reframing and help you reach a person, because your safety matters most.'
        : "Every rule is a plain file anyone can read in Tend's content/rules folder.";
    return { kind: 'why', text: `${lines.join('\n')}\n${ending}` };
  }

  private chooseReframe(
    userKey: string,
    sets: ReframeSet[],
    word: string | undefined,
    seed: string,
  ) {
    const candidates = sets
      .flatMap((s) => s.reframes)
      .filter((r) => word !== undefined || !r.text.includes('{word}'));
    const recent = this.store.recentReframes(userKey, ROTATION_MEMORY);
    const fresh = candidates.filter((c) => !recent.includes(c.id));
    // When everything was seen recently, anything but the very last one will do.
    const pool = fresh.length > 0 ? fresh : candidates.filter((c) => c.id !== recent[0]);
    return pick(pool.length > 0 ? pool : candidates, seededRandom(`${seed}:reframe`));
  }

  private buttons(reframeId: string): ReplyButton[] {
    const labels = this.content.conversation.buttons;
    return [
      { actionId: 'another', label: labels.another },
      { actionId: 'why', label: labels.why },
      { actionId: 'helped', label: labels.helped, value: reframeId },
    ];
  }

  private rememberWord(userKey: string, word: string | undefined): void {
    this.lastWords.delete(userKey);
    if (word === undefined) return;
    this.lastWords.set(userKey, word);
    if (this.lastWords.size > WORD_MEMORY_LIMIT) {
      const oldest = this.lastWords.keys().next().value;
      if (oldest !== undefined) this.lastWords.delete(oldest);
    }
  }

  forgetWord(userKey: string): void {
    this.lastWords.delete(userKey);
  }
}

/** Puts the person's own harsh word into a reframe; only letters and a few marks ever get through. */
export function fillWord(text: string, word: string | undefined): string {
  if (!text.includes('{word}')) return text;
  const safe = (word ?? '')
    .replace(/[^\p{L}' -]/gu, '')
    .slice(0, 30)
    .trim();
  return text.replaceAll('{word}', safe || 'that');
}
