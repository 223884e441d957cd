import type { AlarmsStatePayload } from "../bus/alarm-payloads.js";
import type { AlarmAction } from "../core/alarm-events.js";
import type { EventBody, StoredEvent } from "../core/events.js";
import type { AlarmPolicy } from "../config/schema-alarms.js";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";
import { AlarmBook, type AlarmCommand } from "./alarm-book.js";
import type { AlarmRefusal, Move } from "./alarm-machine.js";
import { alarmSignalsOf } from "./alarm-signals.js";
import type { AlarmStore } from "./alarm-store.js";
import { alarmEvent, alarmsState } from "./alarm-wire.js";

/** What the alarm service is given. */
export interface AlarmServiceDeps {
  readonly policy: AlarmPolicy;
  readonly store: AlarmStore;
  /** Record events through the engine's report path (the only way events are written). */
  readonly report: (...events: EventBody[]) => void;
  /** Publish the retained `state/alarms`. */
  readonly publish: (state: AlarmsStatePayload) => void;
  /** Steady time for shelves and escalations, and its timer. */
  readonly timers: TimerApi;
  readonly newId: () => string;
  readonly log: Logger;
}

/** Moves a shelved alarm makes without being announced: shelving suppresses them. */
const SUPPRESSED_WHEN_SHELVED: ReadonlySet<AlarmAction> = new Set(["raised", "returned", "cleared"]);

/**
 * Alarms that people answer, in the runtime: hears what the recorder recorded, moves the alarm
 * instances (alarm-book.ts), writes each move through to the store, records it as an `alarm_state`
 * event and publishes the open alarms on `state/alarms`. One timer wakes it for expiring shelves and
 * escalations.
 */
export class AlarmService {
  private readonly book: AlarmBook;
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly deps: AlarmServiceDeps) {
    const { alarms, unreadable } = deps.store.open();
    if (unreadable > 0) deps.log.error({ unreadable }, "stored alarms could not be read: they are left in the store, not shown");
    this.book = new AlarmBook(deps.policy, deps.newId, alarms);
  }

  /** Publish the open alarms the last run left and arm the timer (an overdue escalation fires at once). */
  start(): void {
    this.deps.publish(alarmsState(this.book.open()));
    this.arm();
  }

  /** The recorder's `recorded` notice: events that begin or end alarm conditions move their alarms. */
  onRecorded(events: readonly StoredEvent[]): void {
    const moves: Move[] = [];
    const now = this.deps.timers.now();
    for (const e of events) {
      for (const signal of alarmSignalsOf(e)) {
        if (this.deps.policy.journalOnly.has(signal.kind) || (signal.drill && this.deps.policy.drills === "suppress")) continue;
        const move = this.book.signal(signal, now);
        if (move !== null) moves.push(move);
      }
    }
    this.apply(moves);
  }

  /** A person's action on the open alarm `name`: the instance after it, or why not. */
  command(name: string, c: AlarmCommand): Move | AlarmRefusal {
    const move = this.book.command(name, c, this.deps.timers.now());
    if (typeof move === "string") return move;
    this.apply([move], c.by, c.action === "ack" ? c.note : c.action === "shelve" ? c.reason : null);
    return move;
  }

  /** Stop the timer; later notices are ignored. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Store, announce and publish moves; `by` and `note` belong to a person's action. */
  private apply(moves: readonly Move[], by: string | null = null, note: string | null = null): void {
    if (moves.length === 0 || this.stopped) return;
    const now = this.deps.timers.now();
    const events: EventBody[] = [];
    for (const { instance, actions } of moves) {
      try {
        this.deps.store.save(instance, now);
      } catch (err) {
        // Announced all the same: people must see an alarm even when the disk fails.
        this.deps.log.error({ err, alarm: instance.kind, source: instance.source }, "alarm could not be stored");
      }
      const shown = instance.shelvedUntil === null ? actions : actions.filter((a) => !SUPPRESSED_WHEN_SHELVED.has(a));
      events.push(...shown.map((a) => alarmEvent(instance, a, by, note)));
    }
    if (events.length > 0) this.deps.report(...events);
    this.deps.publish(alarmsState(this.book.open()));
    this.arm();
  }

  private arm(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
    const at = this.book.nextDue();
    if (at === null || this.stopped) return;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      this.apply(this.book.tick(this.deps.timers.now()));
      this.arm();
    }, Math.max(0, at - this.deps.timers.now()));
  }
}
