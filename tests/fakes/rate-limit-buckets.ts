/**
 * Discord-style rate limits for the fake Discord: each key (one channel's message route) allows
 * `limit` requests per fixed window, announced in the X-RateLimit-* headers discord.js reads. A
 * 429 (from a full window, or forced by a test) blocks the key until the time announced in it.
 * A request that arrives while its key is blocked came before the client was allowed to send:
 * the verdict marks it `early`, which is what a test checks never happens.
 */

export interface BucketLimit {
  limit: number;
  windowMs: number;
}

export interface BucketVerdict {
  /** 200 to let the request through, 429 to refuse it. */
  status: 200 | 429;
  headers: Record<string, string>;
  /** For a 429: how long the client must wait, in seconds (also the body's `retry_after`). */
  retryAfter?: number;
  /** The key was still blocked by an earlier announcement when this request arrived. */
  early: boolean;
}

interface KeyState {
  windowEnd: number;
  used: number;
  /** Nothing may arrive before this (performance.now() time), as announced to the client. */
  blockedUntil: number;
}

/**
 * Seconds with millisecond precision, rounded up so the client never waits too little (less a
 * hair, so 500.0000001 ms of floating-point noise still reads 0.500).
 */
function seconds(ms: number): string {
  return (Math.ceil(Math.max(0, ms) - 1e-6) / 1000).toFixed(3);
}

export class RateLimitBuckets {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly limit: BucketLimit = { limit: Infinity, windowMs: 1000 }) {}

  /**
   * Counts one request for `key` arriving at `now`. `forceRetryMs` refuses it with a 429 of that
   * length even when the window has room (as Discord does when a shared limit trips).
   */
  take(key: string, now: number, forceRetryMs?: number): BucketVerdict {
    let state = this.keys.get(key);
    const early = state !== undefined && now < state.blockedUntil;
    if (!state || now >= state.windowEnd) {
      state = {
        windowEnd: now + this.limit.windowMs,
        used: 0,
        blockedUntil: state?.blockedUntil ?? 0,
      };
      this.keys.set(key, state);
    }
    if (early || forceRetryMs !== undefined || state.used >= this.limit.limit) {
      const until = Math.max(
        state.blockedUntil,
        now + (forceRetryMs ?? 0),
        state.used >= this.limit.limit ? state.windowEnd : 0,
      );
      state.blockedUntil = until;
      const wait = seconds(until - now);
      return {
        status: 429,
        retryAfter: Number(wait),
        early,
        headers: {
          'x-ratelimit-limit': String(this.limit.limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': wait,
          'retry-after': wait,
          'x-ratelimit-scope': 'user',
        },
      };
    }
    state.used += 1;
    const remaining = this.limit.limit - state.used;
    // Told "0 remaining until the window resets", the client must not send again before then.
    if (remaining === 0) state.blockedUntil = Math.max(state.blockedUntil, state.windowEnd);
    return {
      status: 200,
      early: false,
      headers: Number.isFinite(this.limit.limit)
        ? {
            'x-ratelimit-limit': String(this.limit.limit),
            'x-ratelimit-remaining': String(remaining),
            'x-ratelimit-reset-after': seconds(state.windowEnd - now),
          }
        : {},
    };
  }
}
