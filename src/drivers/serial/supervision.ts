/**
 * Check-in supervision of a wireless receiver and its transmitters: each source must check in
 * within the window, or it is reported missing once, until it checks in again. Pure: time is
 * passed in; the device arms one timer at `next()`.
 */

/** The source name of the receiver itself: any check-in, from any transmitter, proves it alive. */
export const RECEIVER = "receiver";

/** Check-in windows per source. */
export class CheckinMonitor {
  private readonly deadlines = new Map<string, number>();
  private readonly missing = new Set<string>();

  constructor(readonly windowMs: number) {}

  /** Start (or restart, after a reconnect) supervision: every known source gets a fresh window. */
  restart(now: number): void {
    this.deadlines.set(RECEIVER, now);
    for (const source of this.deadlines.keys()) this.deadlines.set(source, now + this.windowMs);
    this.missing.clear();
  }

  /**
   * The receiver heard from `source` (null: the receiver only). Returns the sources that were
   * missing and are back.
   */
  seen(source: string | null, now: number): string[] {
    const back: string[] = [];
    for (const s of source === null ? [RECEIVER] : [RECEIVER, source]) {
      this.deadlines.set(s, now + this.windowMs);
      if (this.missing.delete(s)) back.push(s);
    }
    return back;
  }

  /**
   * Sources whose window ran out by `now`, each reported once until it checks in again. Once
   * transmitters are known they are supervised one by one and the receiver is not reported on its own.
   */
  due(now: number): string[] {
    const late: string[] = [];
    for (const [source, deadline] of this.supervised()) {
      if (deadline <= now && !this.missing.has(source)) {
        this.missing.add(source);
        late.push(source);
      }
    }
    return late;
  }

  private supervised(): [string, number][] {
    const all = [...this.deadlines];
    return all.length > 1 ? all.filter(([s]) => s !== RECEIVER) : all;
  }

  /** Whether any source is missing now. */
  get anyMissing(): boolean {
    return this.missing.size > 0;
  }

  /** The earliest deadline of a source not yet missing, or null. */
  next(): number | null {
    let next: number | null = null;
    for (const [source, deadline] of this.supervised()) {
      if (this.missing.has(source)) continue;
      if (next === null || deadline < next) next = deadline;
    }
    return next;
  }
}
