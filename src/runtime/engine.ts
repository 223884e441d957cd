import { markEvents, type Decide } from "../core/decide.js";
import type { CueEffect, DoorStateEffect, Effect, LockEffect, RefusedEffect, SignalEffect } from "../core/effects.js";
import type { EventBody, StoredEvent } from "../core/events.js";
import type { Input } from "../core/inputs.js";
import type { CoreState, SafetyState } from "../core/state.js";
import { wallTime } from "../core/wall-time.js";
import type { Logger } from "../util/log.js";
import { WakeTimer } from "./wake-timer.js";
import { type TimerApi } from "../time/timers.js";

/** Where the engine carries effects out. Each part is a narrow port, so tests can watch it. */
export interface EffectPorts {
  /**
   * Durably append events and, when given, the new safety state, in one transaction; returns the
   * events to publish (id, seq, ts), which may be held in memory until the store writes again.
   * May throw when the store fails.
   */
  record(events: readonly EventBody[], safety: SafetyState | null, now: number): StoredEvent[];
  /** Drive a lock output. */
  lock(effect: LockEffect): void;
  /** Drive a strobe or sounder. */
  signal(effect: SignalEffect): void;
  /** Prompt at a reader (present the PIN). Must not throw. */
  cue?(effect: CueEffect): void;
  /** Publish stored events, retained door states and the site summary. Must not throw. */
  publishEvents(events: readonly StoredEvent[]): void;
  publishDoorState(effect: DoorStateEffect): void;
  publishSite(state: CoreState): void;
  /**
   * Keep the second copy of the safety mode and the active fire inputs, for the next start. Called
   * before the outputs move whenever either changed, so a process killed right after a fire alarm
   * released the doors still restarts with them released; for a mode change, after the store has
   * the new mode, so a process killed in between restarts at the mode the store committed. Must not
   * throw.
   */
  keepSafety?(state: CoreState): void;
}

/** What one input came to. */
export interface Outcome {
  readonly events: readonly StoredEvent[];
  /** Set when the input was a request the core refused; nothing changed then. */
  readonly refused: RefusedEffect | null;
}

/**
 * Runs the decision core: one input at a time, decide, then carry out the effects in a fixed order —
 * outputs, then the events written through to the store, then publication, then timers. A decision
 * that changes the safety mode is the exception: its state and events are on disk before any output
 * moves, so a lockdown or a release that a restart could not find never reaches a door.
 */
export class Engine {
  private state: CoreState;
  private readonly timer: WakeTimer;

  constructor(
    private decide: Decide,
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

  /** Decide on one input and carry out its effects. */
  submit(input: Input): Outcome {
    const now = this.timers.now();
    const before = this.state;
    const decision = this.decide(before, input, now);
    this.state = decision.state;
    const keep = before.safety !== this.state.safety || before.fire !== this.state.fire;
    // The core decides on steady time; the audit trail is stamped with the wall time the core derives
    // from it (the state after the decision: a clock step is taken into account at once). One clock
    // for every time the gateway writes: an event's ts is the mode_since of the mode it raised, and
    // ts only steps back where a clock_jump alarm says the wall clock did.
    return this.apply(decision.effects, wallTime(this.state, now), keep);
  }

  /**
   * Record and publish events the runtime observed outside a decision (a store moved aside, a
   * command's outcome, an uplink report) through the same path as decisions, marked as the current
   * state marks a decision's events (drill, unsynchronised clock).
   */
  report(...events: readonly EventBody[]): Outcome {
    const effects = events.map((event): Effect => ({ type: "event", event }));
    return this.apply(markEvents(this.state, this.state, effects), wallTime(this.state, this.timers.now()), false);
  }

  /**
   * Decide with a new model from the next input on (a new credential list). The state carries over:
   * it holds no credentials, only what doors, readers and modes are doing.
   */
  useDecider(decide: Decide): void {
    this.decide = decide;
  }

  /** Stop the timers: no tick is submitted after this. */
  stop(): void {
    this.timer.stop();
  }

  private drive(effects: readonly Effect[]): void {
    for (const e of effects) {
      if (e.type === "lock") this.ports.lock(e);
      else if (e.type === "signal") this.ports.signal(e);
      else if (e.type === "cue") this.ports.cue?.(e);
    }
  }

  private write(effects: readonly Effect[], now: number): StoredEvent[] {
    const bodies: EventBody[] = [];
    let safety: SafetyState | null = null;
    for (const e of effects) {
      if (e.type === "event") bodies.push(e.event);
      else if (e.type === "persist_safety") safety = e.safety;
    }
    if (bodies.length === 0 && safety === null) return [];
    try {
      return this.ports.record(bodies, safety, now);
    } catch (err) {
      // The outputs move either way: a door must lock even when the SD card is failing.
      this.log.error({ err, count: bodies.length }, "events could not be stored");
      return [];
    }
  }

  /**
   * Outputs move before the audit commit: a door unlocks without waiting for an fsync, and the events
   * are still published only once stored (or held). A mode change keeps its write-through first.
   * The second copy of the safety state (`keep`) is written just before the outputs.
   */
  private apply(effects: readonly Effect[], wall: number, keep: boolean): Outcome {
    let stored = effects.some((e) => e.type === "persist_safety") ? this.write(effects, wall) : null;
    if (keep) this.ports.keepSafety?.(this.state);
    this.drive(effects);
    stored ??= this.write(effects, wall);
    let refused: RefusedEffect | null = null;
    let site = false;
    for (const e of effects) {
      if (e.type === "wake") this.timer.request(e.at);
      else if (e.type === "refused") refused = e;
      else if (e.type === "site_state") site = true;
    }
    // Events first, then the states they changed: a watcher sees the panic, then the lockdown it caused.
    if (stored.length > 0) this.ports.publishEvents(stored);
    for (const e of effects) if (e.type === "door_state") this.ports.publishDoorState(e);
    if (site) this.ports.publishSite(this.state);
    return { events: stored, refused };
  }
}
