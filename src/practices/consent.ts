import type { Reply } from '../engine/types.js';
import type { Turn } from './turn.js';

/**
 * Keeping proud notes and check-ins needs the person's yes, asked once. Until they answer, what
 * they offered waits in memory (never on disk) and is saved only if they say yes.
 */
export type PendingEntry =
  { kind: 'proud'; note: string } | { kind: 'checkin'; score: number; word?: string };

export class PendingEntries {
  private readonly entries = new Map<string, PendingEntry[]>();
  private static readonly LIMIT = 10_000;

  add(userKey: string, entry: PendingEntry): void {
    const list = this.entries.get(userKey) ?? [];
    list.push(entry);
    this.entries.set(userKey, list.slice(-5));
    if (this.entries.size > PendingEntries.LIMIT) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  take(userKey: string): PendingEntry[] {
    const list = this.entries.get(userKey) ?? [];
    this.entries.delete(userKey);
    return list;
  }

  /** Puts taken entries back (saving them failed), ahead of any offered since. */
  restore(userKey: string, taken: PendingEntry[]): void {
    if (taken.length === 0) return;
    const newer = this.entries.get(userKey) ?? [];
    this.entries.set(userKey, [...taken, ...newer].slice(-5));
  }
}

export function consentQuestion(turn: Turn): Reply {
  const words = turn.content.practices.consent;
  return {
    kind: 'practice',
    text: words.question,
    buttons: [
      { actionId: 'consent', label: words.yes_label, value: 'yes' },
      { actionId: 'consent', label: words.no_label, value: 'no' },
    ],
  };
}
