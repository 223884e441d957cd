import type { DeskScanPayload } from "../bus/desk-topics.js";
import type { TimerApi } from "../time/timers.js";
import type { ScannedIds } from "./ports.js";

/** What the desk's scans are shown with. */
export interface DeskScansDeps {
  /** Publish a scanner's retained `state/desk/<scanner id>`. */
  readonly publish: (scanner: string, payload: DeskScanPayload) => void;
  readonly timers: TimerApi;
  /** Wall time for the payloads' `at`, epoch ms. */
  readonly wallNow: () => number;
  /** How long a scan's result stays shown at most (`visitors.desk_scan_keep_minutes`). */
  readonly keepMs: number;
}

/** A scan shown on a scanner's topic, and the timer that takes it down. */
interface Shown {
  readonly match: { readonly dateOfBirth: string; readonly idLast4: string } | null;
  readonly timer: unknown;
}

const last4 = (s: string) => s.toUpperCase();

/**
 * The last scan of each front-desk ID scanner, kept on its retained topic only as long as the desk
 * needs it: a scanned licence carries a visitor's name and date of birth, and must not sit on the
 * broker all day. A scan is taken down (`result: null`) once a sign-in of the person it read is
 * made (the same date of birth and last 4 of the ID number: the desk may correct a misread name),
 * or after `keepMs`, whichever comes first; a new scan replaces it.
 */
export class DeskScans implements ScannedIds {
  readonly #shown = new Map<string, Shown>();

  constructor(private readonly deps: DeskScansDeps) {}

  /** Show a scanner's new scan, and take it down after the keep time. */
  show(payload: DeskScanPayload): void {
    this.#forget(payload.scanner);
    const r = payload.result;
    const match = r !== null && r.ok ? { dateOfBirth: r.prefill.date_of_birth, idLast4: last4(r.prefill.id_last4) } : null;
    const timer = this.deps.timers.setTimeout(() => this.#clear(payload.scanner), this.deps.keepMs);
    this.#shown.set(payload.scanner, { match, timer });
    this.deps.publish(payload.scanner, payload);
  }

  /** A visitor was signed in (admitted or held): take down the scans that read them. */
  signedIn(person: { readonly dateOfBirth: string; readonly idLast4: string }): void {
    for (const [scanner, shown] of [...this.#shown]) {
      const m = shown.match;
      if (m !== null && m.dateOfBirth === person.dateOfBirth && m.idLast4 === last4(person.idLast4)) this.#clear(scanner);
    }
  }

  /** Stop the timers; what is shown stays (the broker stops with the gateway). */
  stop(): void {
    for (const scanner of [...this.#shown.keys()]) this.#forget(scanner);
  }

  #clear(scanner: string): void {
    this.#forget(scanner);
    this.deps.publish(scanner, { scanner, at: new Date(this.deps.wallNow()).toISOString(), result: null });
  }

  #forget(scanner: string): void {
    const shown = this.#shown.get(scanner);
    if (shown !== undefined) this.deps.timers.clearTimeout(shown.timer);
    this.#shown.delete(scanner);
  }
}
