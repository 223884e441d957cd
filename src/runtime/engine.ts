import type { Decide } from "../core/decide.js";
import type { Effect, LockEffect, DoorStateEffect } from "../core/effects.js";
import type { EventBody, StoredEvent } from "../core/events.js";
import type { Input } from "../core/inputs.js";
import type { CoreState } from "../core/state.js";
import type { Logger } from "../log.js";
import { logEvent } from "./event-log-line.js";
import { WakeTimer, type TimerApi } from "./wake-timer.js";

/** Where the engine carries effects out. Each part is a narrow port, so tests can watch it. */
export interface EffectPorts {
  /** Append events durably; returns them stored (id, seq, ts). Throws when the store fails. */
  record(events: readonly EventBody[], now: number): StoredEvent[];
  /** Drive a lock output. */
  lock(effect: LockEffect): void;
  /** Publish stored events and retained door states. Must not throw. */
  publishEvents(events: readonly StoredEvent[]): void;
  publishDoorState(effect: DoorStateEffect): void;
}

/**
 * Runs the decision core: one input at a time, decide, then carry out the effects in a fixed order —
 * events written through to the store first, then outputs, then publication, then timers.
 */
export class Engine {
  private state: CoreState;
  private readonly timer: WakeTimer;

  constructor(
    private readonly decide: Decide,
    initial: CoreState,
    private readonly ports: EffectPorts,
    private readonly timers: TimerApi,
    private readonly log: Logger,
  ) {
    this.state = initial;
    this.timer = new WakeTimer(timers, () => this.submit({ kind: "tick" }));
  }

  /** The current state (immutable). */
  get current(): CoreState {
    return this.state;
  }

  /** Decide on one input and carry out its effects. Returns the stored events. */
  submit(input: Input): StoredEvent[] {
    const now = this.timers.now();
    const decision = this.decide(this.state, input, now);
    this.state = decision.state;
    return this.apply(decision.effects, now);
  }

  /** Stop the timers: no tick is submitted after this. */
  stop(): void {
    this.timer.stop();
  }

  private apply(effects: readonly Effect[], now: number): StoredEvent[] {
    const bodies: EventBody[] = [];
    for (const e of effects) if (e.type === "event") bodies.push(e.event);
    // Write-through: what the gateway does is on disk before it happens, so the audit trail never
    // misses an action. If the store fails, the outputs still follow: a door must still lock.
    let stored: StoredEvent[] = [];
    try {
      stored = bodies.length > 0 ? this.ports.record(bodies, now) : [];
    } catch (err) {
      this.log.error({ err, count: bodies.length }, "events could not be stored");
    }
    for (const e of effects) {
      if (e.type === "lock") this.ports.lock(e);
      else if (e.type === "wake") this.timer.request(e.at);
    }
    for (const e of effects) if (e.type === "door_state") this.ports.publishDoorState(e);
    for (const e of stored) logEvent(this.log, e);
    if (stored.length > 0) this.ports.publishEvents(stored);
    return stored;
  }
}
