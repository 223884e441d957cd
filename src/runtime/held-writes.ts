import type { Database } from "better-sqlite3";
import { isUrgent } from "../core/event-classes.js";
import type { EventBody, StoredEvent } from "../core/events.js";
import type { SafetyState } from "../core/state.js";
import type { Logger } from "../util/log.js";
import type { EventLog } from "../store/event-log.js";
import type { KeyValue } from "../store/kv.js";
import { saveSafety } from "./safety-store.js";

/**
 * How many events are held in memory while the store cannot write. A stored event is well under
 * 1 kB, so this bounds the queue to a few MB of a Pi's RAM, and holds hours of a school's traffic.
 */
export const MAX_HELD_EVENTS = 10_000;

/**
 * Writes each decision's events and safety state through to the store; when the store cannot write
 * (a full disk, an I/O error) the events are still stamped and returned, so they are published and
 * the doors still move, and they are held in memory, in order, and written with the next decision
 * once the store writes again. The first failure adds a `storage_full` alarm; the first success after
 * it, the alarm's end. Past MAX_HELD_EVENTS the oldest events are dropped, never urgent ones (see
 * core/event-classes.ts). The district uplink sends the urgent ones it holds from memory.
 */
export class HeldWrites {
  private held: StoredEvent[] = [];
  private safety: SafetyState | null = null;
  private failing = false;
  private readonly writeTx: (events: readonly StoredEvent[], safety: SafetyState | null, now: number) => void;

  constructor(
    db: Database,
    private readonly events: EventLog,
    kv: KeyValue,
    private readonly log: Logger,
  ) {
    this.writeTx = db.transaction((evs: readonly StoredEvent[], safety: SafetyState | null, now: number) => {
      if (safety !== null) saveSafety(kv, safety, now);
      if (evs.length > 0) events.writeReserved(evs, now);
    });
  }

  /** Events held in memory, waiting for the store. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Events stamped and not yet in the store, in seq order (empty while the store writes). */
  unwritten(): readonly StoredEvent[] {
    return this.held;
  }

  /** Stamp, hold and try to write; returns the events to publish. Never throws. */
  record(bodies: readonly EventBody[], safety: SafetyState | null, now: number): StoredEvent[] {
    const out = this.events.reserve(bodies, now);
    this.held.push(...out);
    if (safety !== null) this.safety = safety;
    try {
      this.writeTx(this.held, this.safety, now);
      this.events.committed();
    } catch (err) {
      if (!this.failing) {
        this.log.error({ err, held: this.held.length }, "store cannot write: events held in memory");
        out.push(...this.hold(this.alarm(true), now));
      }
      this.failing = true;
      this.trim();
      return out;
    }
    this.held = [];
    this.safety = null;
    if (this.failing) {
      this.failing = false;
      this.log.warn("store writes again: held events written");
      out.push(...this.record([this.alarm(false)], null, now));
    }
    return out;
  }

  private alarm(active: boolean): EventBody {
    return { type: "alarm", alarm: "storage_full", active, device: "store", door: null, location: null, until: null };
  }

  private hold(body: EventBody, now: number): StoredEvent[] {
    const events = this.events.reserve([body], now);
    this.held.push(...events);
    return events;
  }

  private trim(): void {
    let excess = this.held.length - MAX_HELD_EVENTS;
    if (excess <= 0) return;
    const kept = this.held.filter((e) => isUrgent(e) || excess-- <= 0);
    this.log.error({ dropped: this.held.length - kept.length }, "held events over their bound: oldest events dropped, urgent ones kept");
    this.held = kept;
  }
}
