/**
 * A token bucket per client: `perS` publishes a second sustained, `burst` at once. A client whose
 * bucket is empty has published faster than any dashboard or sim does, and is disconnected.
 */
export class PublishRate<K extends object> {
  private readonly buckets = new WeakMap<K, { tokens: number; at: number }>();

  constructor(
    private readonly perS: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take a token for a publish of `client`; false when it has none left. */
  take(client: K): boolean {
    const t = this.now();
    const b = this.buckets.get(client) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) * this.perS) / 1000);
    b.at = t;
    this.buckets.set(client, b);
    if (b.tokens < 1) return false;
    b.tokens--;
    return true;
  }
}
