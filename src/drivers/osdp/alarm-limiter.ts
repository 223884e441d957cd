/** Lets one alarm of a kind through per interval, so a flapping reader raises it once, not per packet. */
export class AlarmLimiter<K extends string> {
  private readonly last = new Map<K, number>();

  constructor(private readonly intervalMs: number) {}

  /** True when `kind` may be raised at `now`; then it counts as raised. */
  allow(kind: K, now: number): boolean {
    const at = this.last.get(kind);
    if (at !== undefined && now - at < this.intervalMs) return false;
    this.last.set(kind, now);
    return true;
  }
}
