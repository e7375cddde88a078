/**
 * Per-person flood control: beyond `limit` messages within `windowMs`, Tend says once that it
 * will slow down, then stays quiet until the window clears. Crisis messages are never held back
 * (the engine checks for them before asking). Memory is bounded: the oldest people are dropped.
 */
export type FloodDecision = 'answer' | 'warn' | 'quiet';

/** How many messages one person may send within `windowMs` before Tend slows down. */
export interface FloodLimit {
  limit: number;
  windowMs: number;
}

export const DEFAULT_FLOOD_LIMIT: FloodLimit = { limit: 20, windowMs: 10_000 };

export class FloodGuard {
  private readonly recent = new Map<string, { times: number[]; warned: boolean }>();

  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    { limit, windowMs }: FloodLimit = DEFAULT_FLOOD_LIMIT,
    private readonly maxPeople = 50_000,
  ) {
    if (!(limit >= 1 && windowMs > 0))
      throw new Error('flood limit needs limit >= 1 and windowMs > 0');
    this.limit = limit;
    this.windowMs = windowMs;
  }

  admit(key: string, now: number): FloodDecision {
    const entry = this.recent.get(key) ?? { times: [], warned: false };
    this.recent.delete(key);
    this.recent.set(key, entry);
    if (this.recent.size > this.maxPeople) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    while (entry.times.length > 0 && (entry.times[0] ?? 0) <= now - this.windowMs)
      entry.times.shift();
    entry.times.push(now);
    if (entry.times.length <= this.limit) {
      entry.warned = false;
      return 'answer';
    }
    if (entry.warned) return 'quiet';
    entry.warned = true;
    return 'warn';
  }
}
