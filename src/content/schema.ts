/**
 * Shapes of the files under content/. Every file is validated with these schemas before any
 * behaviour runs; a failure names the file, the field and the fix (see load.ts).
 */
import { z } from 'zod';

const id = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'use lowercase letters, digits and dashes, e.g. "so-stupid"',
  );

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

/** content/categories.yml: the thinking traps (and crisis kinds) rules belong to. */
export const categorySchema = z.strictObject({
  id,
  name: nonEmptyText,
  /** harsh: answered with a reframe. crisis: answered with ways to reach a person, never reframed. */
  kind: z.enum(['harsh', 'crisis']),
  /** Plain words for the "why?" answer: what this thinking trap is. */
  explanation: nonEmptyText,
});
export const categoriesFileSchema = z.strictObject({
  categories: z.array(categorySchema).min(1),
});

/**
 * content/lexicon.yml: named lists of regex fragments, usable in patterns as {name}.
 * An entry may use other entries ({name}) too.
 */
export const lexiconFileSchema = z.record(
  z.string().regex(/^[a-z_]+$/, 'lexicon names use lowercase letters and underscores'),
  z.array(nonEmptyText).min(1, 'a lexicon entry needs at least one alternative'),
);

/**
 * A match example marks the span the rule must hit in square brackets:
 *   "I'm [so stupid] for falling for him"
 */
const matchExample = nonEmptyText.refine((s) => /\[[^\]]+\]/.test(s), {
  message: 'mark the span the rule must hit with square brackets, e.g. "I\'m [so stupid] today"',
});

/** content/rules/<id>.yml: one rule per file, file name = id. */
export const ruleSchema = z.strictObject({
  id,
  category: id,
  /** For readers of RULES.md: what this rule catches and why. */
  note: nonEmptyText,
  source: nonEmptyText.optional(),
  /** Regular expressions over normalised text (lowercase, straight apostrophes); {name} = lexicon. */
  patterns: z.array(nonEmptyText).min(1, 'a rule needs at least one pattern'),
  /** Antipatterns: a hit overlapped by a match of any of these is dropped. */
  exceptions: z.array(nonEmptyText).default([]),
  /** Reframe sets (content/reframes/<id>.yml) this rule may draw from; crisis rules use none. */
  reframes: z.array(id).default([]),
  examples: z.strictObject({
    match: z.array(matchExample).min(1, 'a rule needs at least one example it must match'),
    no_match: z.array(nonEmptyText).min(1, 'a rule needs at least one example it must not match'),
  }),
});

/** content/reframes/<id>.yml: what Tend may say back for a thinking trap. */
export const reframeSchema = z.strictObject({
  id,
  /** May contain {word}: the person's own harsh word, e.g. "Brave, not {word}." */
  text: nonEmptyText,
});
export const reframeSetSchema = z.strictObject({
  id,
  acknowledgements: z.array(nonEmptyText).min(2, 'give at least 2 acknowledgements'),
  reframes: z.array(reframeSchema).min(6, 'a reframe set needs at least 6 reframes'),
});

/** content/crisis/resources.yml */
const resourceSchema = z.strictObject({
  name: nonEmptyText,
  /** What to do, in one line: "Call or text 988". */
  how: nonEmptyText,
  /** Where this number was checked. */
  source: z.url('give the page the number was checked on, as a full https:// address'),
  kind: z.enum(['crisis', 'text', 'abuse', 'emergency']),
});
export const crisisFileSchema = z.strictObject({
  default_country: z.string().regex(/^[A-Z]{2}$/),
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/, 'countries are keyed by ISO 3166 code, e.g. US, GB'),
    z.strictObject({
      name: nonEmptyText,
      /** Locales (lowercase BCP 47) that suggest this country, e.g. en-gb. */
      locales: z.array(z.string()).default([]),
      resources: z.array(resourceSchema).min(1),
    }),
  ),
  international: z.array(resourceSchema).min(1),
});

/** content/conversation.yml: small talk, help, and the words around reframes. */
/** Whole-message patterns (normalised text); tried only on short messages no rule flagged. */
const intentPatterns = z.array(nonEmptyText).min(1);
/** An intent the engine answers itself (help, why, ...). */
const intentSchema = z.strictObject({ patterns: intentPatterns });
/** An intent answered with one of its own replies (greeting, thanks). */
const replyingIntentSchema = z.strictObject({
  patterns: intentPatterns,
  replies: z.array(nonEmptyText).min(1),
});
export const conversationFileSchema = z.strictObject({
  intents: z.strictObject({
    greeting: replyingIntentSchema,
    help: intentSchema,
    about: intentSchema,
    why: intentSchema,
    another: intentSchema,
    thanks: replyingIntentSchema,
  }),
  listening: z.array(nonEmptyText).min(3),
  common_humanity: z.array(nonEmptyText).min(3),
  gentle_questions: z.array(nonEmptyText).min(3),
  crisis: z.strictObject({
    opening: z.array(nonEmptyText).min(1),
    abuse_opening: z.array(nonEmptyText).min(1),
    closing: z.array(nonEmptyText).min(1),
  }),
  why_nothing: nonEmptyText,
  another_nothing: nonEmptyText,
  help_text: nonEmptyText,
  about_text: nonEmptyText,
  privacy_text: nonEmptyText,
  buttons: z.strictObject({
    another: nonEmptyText,
    why: nonEmptyText,
    helped: nonEmptyText,
  }),
  helped_reply: nonEmptyText,
  /** Said once when someone sends more messages than Tend answers in a short time. */
  flood: nonEmptyText,
});

export type Category = z.infer<typeof categorySchema>;
export type RuleFile = z.infer<typeof ruleSchema>;
export type ReframeSet = z.infer<typeof reframeSetSchema>;
export type CrisisFile = z.infer<typeof crisisFileSchema>;
export type CrisisResource = z.infer<typeof resourceSchema>;
export type ConversationFile = z.infer<typeof conversationFileSchema>;
export type Lexicon = z.infer<typeof lexiconFileSchema>;

/** content/practices.yml: the words of first contact, consent, practices and privacy controls. */
const reflectionSchema = z.strictObject({
  id,
  name: nonEmptyText,
  summary: nonEmptyText,
  steps: z.array(nonEmptyText).min(1, 'a reflection needs at least one step'),
  closing: nonEmptyText,
});
const ritualSchema = z.strictObject({ id, name: nonEmptyText, nudge: nonEmptyText });

export const practicesFileSchema = z.strictObject({
  welcome: nonEmptyText,
  consent: z.strictObject({
    question: nonEmptyText,
    yes_label: nonEmptyText,
    no_label: nonEmptyText,
    yes_reply: nonEmptyText,
    no_reply: nonEmptyText,
    kept_yes: nonEmptyText,
    kept_no: nonEmptyText,
  }),
  proud: z.strictObject({
    ask: nonEmptyText,
    received: z.array(nonEmptyText).min(1),
    saved: z.array(nonEmptyText).min(1),
    not_saved: z.array(nonEmptyText).min(1),
    streak_one: nonEmptyText,
    streak_many: nonEmptyText,
    empty: nonEmptyText,
    history_header: nonEmptyText,
    memory: nonEmptyText,
  }),
  checkin: z.strictObject({
    ask: nonEmptyText,
    labels: z.array(nonEmptyText).length(5, 'give exactly 5 labels, for 1 to 5'),
    replies: z.strictObject({
      1: nonEmptyText,
      2: nonEmptyText,
      3: nonEmptyText,
      4: nonEmptyText,
      5: nonEmptyText,
    }),
    invalid: nonEmptyText,
    history_header: nonEmptyText,
    week_average: nonEmptyText,
    no_history: nonEmptyText,
  }),
  reflections: z.strictObject({
    cancel_words: z.array(nonEmptyText).min(1),
    cancelled: nonEmptyText,
    unknown: nonEmptyText,
    list_intro: nonEmptyText,
    items: z.array(reflectionSchema).min(1),
  }),
  rituals: z.strictObject({
    items: z.array(ritualSchema).min(1),
    stop_label: nonEmptyText,
    set: nonEmptyText,
    stopped: nonEmptyText,
    none: nonEmptyText,
    list_header: nonEmptyText,
    usage: nonEmptyText,
    bad_time: nonEmptyText,
    bad_zone: nonEmptyText,
    zone_set: nonEmptyText,
    quiet_set: nonEmptyText,
    quiet_off: nonEmptyText,
    quiet_usage: nonEmptyText,
    paused_note: nonEmptyText,
  }),
  privacy: z.strictObject({
    summary: nonEmptyText,
    export_ready: nonEmptyText,
    export_saved: nonEmptyText,
    forget_confirm: nonEmptyText,
    forget_label: nonEmptyText,
    forget_cancel_label: nonEmptyText,
    forgotten: nonEmptyText,
    forget_cancelled: nonEmptyText,
    paused: nonEmptyText,
    resumed: nonEmptyText,
    memories_on: nonEmptyText,
    memories_off: nonEmptyText,
    save_failed: nonEmptyText,
  }),
});
export type PracticesFile = z.infer<typeof practicesFileSchema>;
