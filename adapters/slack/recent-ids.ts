/**
 * Remembers the most recent ids, up to `capacity`, so a redelivered Slack event (same event_id,
 * `x-slack-retry-num` set) is recognised and not answered twice. Bounded, so memory stays flat
 * however long the bot runs; Slack retries within minutes, long before an id would be evicted.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  /** Records the id; false if it was already there (a duplicate). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // A Set iterates in insertion order, so the first value is the oldest.
      const [oldest] = this.ids;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}
