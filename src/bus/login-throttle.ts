/** When failed logins start to be refused, and for how long. */
export interface ThrottleLimits {
  /** Failures in a row that are let through before the key is refused. */
  readonly failures: number;
  /** The first refusal's length; each further failure doubles it. */
  readonly blockMs: number;
  /** The longest refusal. */
  readonly maxBlockMs: number;
}

interface Record {
  failures: number;
  /** Until when the key is refused (0: not refused). */
  until: number;
  last: number;
}

/** Keys remembered at most: a flood of made-up usernames or addresses must not grow memory without end. */
const MAX_KEYS = 10_000;

/**
 * Failed-login throttling by key (an address, a username): after `failures` failures in a row the key
 * is refused for `blockMs`, doubled with each failure after that up to `maxBlockMs`. A refused login
 * is not checked at all, so a flood costs no password hashing. A success forgets the key; so does a
 * quiet period of `maxBlockMs` after its last failure or refusal.
 */
export class LoginThrottle {
  private readonly keys = new Map<string, Record>();

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  refusedFor(key: string): number {
    const r = this.keys.get(key);
    if (r === undefined) return 0;
    const t = this.now();
    if (this.quiet(r, t)) {
      this.keys.delete(key);
      return 0;
    }
    return Math.max(0, r.until - t);
  }

  /** A failed login from or for `key`. */
  failed(key: string): void {
    const t = this.now();
    const r = this.keys.get(key) ?? { failures: 0, until: 0, last: t };
    if (this.quiet(r, t)) r.failures = 0;
    r.failures++;
    r.last = t;
    const over = r.failures - this.limits.failures;
    if (over > 0) r.until = t + Math.min(this.limits.maxBlockMs, this.limits.blockMs * 2 ** Math.min(over - 1, 30));
    this.keys.delete(key); // re-inserted last: the map's order is the order of last failure
    this.keys.set(key, r);
    if (this.keys.size > MAX_KEYS) this.forgetOldest();
  }

  /** A successful login: the key starts afresh. */
  succeeded(key: string): void {
    this.keys.delete(key);
  }

  /** Keys currently remembered (for tests and status). */
  get size(): number {
    return this.keys.size;
  }

  /** Whether the key has been left alone for `maxBlockMs` since its last failure or refusal. */
  private quiet(r: Record, t: number): boolean {
    return t - Math.max(r.last, r.until) >= this.limits.maxBlockMs;
  }

  /** Drop the key whose last failure is oldest, unless it is still refused (then the oldest not refused). */
  private forgetOldest(): void {
    const t = this.now();
    for (const [key, r] of this.keys) {
      if (r.until <= t) return void this.keys.delete(key);
    }
    const first = this.keys.keys().next();
    if (first.done !== true) this.keys.delete(first.value);
  }
}
