import type { Content } from '../content/load.js';
import type { Person } from '../engine/types.js';
import type { PracticeStore } from '../storage/practice-store.js';
import type { Store } from '../storage/store.js';
import { DEFAULT_TIME_ZONE, localParts } from './time.js';

/** Everything a practice needs to answer one person at one moment. */
export interface Turn {
  person: Person;
  userKey: string;
  now: number;
  /** Seed for reproducible choices of wording. */
  seed: string;
  content: Content;
  store: Store;
  practices: PracticeStore;
}

export function zoneOf(turn: Turn): string {
  return turn.practices.settings(turn.userKey).timezone ?? DEFAULT_TIME_ZONE;
}

export function today(turn: Turn): string {
  return localParts(turn.now, zoneOf(turn)).date;
}

/** Fills {name} placeholders in practice wording. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/**
 * Makes words a person wrote safe to show back on any platform: no @everyone/@here, no user,
 * role or channel mentions, no Slack special links. Tend only ever echoes what the person asked
 * it to keep (a proud note), and even that can never ping anyone.
 */
export function defuseMentions(text: string): string {
  return (
    text
      // Control characters (tabs and newlines kept) have no place in a note shown back. They go
      // first: removing one later could join "@\u0000everyone" into a live mention.
      .replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ''))
      .replace(/<(?=[@#!])/g, '‹')
      // No word boundary required: "@everyoneee" must not reach a platform that reads a prefix.
      .replace(/@(?=everyone|here|channel)/gi, '@\u200b')
  );
}
