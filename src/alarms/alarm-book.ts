import type { AlarmPolicy } from "../config/schema-alarms.js";
import {
  acknowledge,
  alarmName,
  due,
  nextDue,
  raise,
  retrigger,
  settle,
  shelve,
  unshelve,
  type AlarmInstance,
  type AlarmRefusal,
  type AlarmSignal,
  type Move,
} from "./alarm-machine.js";

/** What a person asks of an alarm (request/alarm), with who asked. */
export type AlarmCommand =
  | { readonly action: "ack"; readonly by: string; readonly note: string | null }
  | { readonly action: "shelve"; readonly by: string; readonly ms: number; readonly reason: string }
  | { readonly action: "unshelve"; readonly by: string };

/**
 * Every alarm instance by name, open ones and those cleared within the chatter interval (so that a
 * chattering condition counts on its instance instead of raising a new one). Pure but for the id
 * source it is given: moves in, moves out; the alarm service stores and announces them.
 */
export class AlarmBook {
  private readonly byName = new Map<string, AlarmInstance>();

  constructor(
    private readonly policy: AlarmPolicy,
    private readonly newId: () => string,
    open: readonly AlarmInstance[] = [],
  ) {
    for (const a of open) this.byName.set(alarmName(a), a);
  }

  /** A condition began or ended at a source. */
  signal(s: AlarmSignal, now: number): Move | null {
    this.forgetCleared(now);
    const current = this.byName.get(alarmName(s));
    if (current === undefined || (current.state === "normal" && now - current.lastActiveAt >= this.policy.chatterMs)) {
      return s.active ? this.keep(raise(this.policy, this.newId(), s, now)) : null;
    }
    const move = s.active ? retrigger(this.policy, current, s.drill, now) : settle(current, now);
    // A repeated report changes nothing: no move.
    return move.instance === current ? null : this.keep(move);
  }

  /** A person's action on the open alarm `name`. */
  command(name: string, c: AlarmCommand, now: number): Move | AlarmRefusal {
    const current = this.byName.get(name);
    if (current === undefined || current.state === "normal") return "not_open";
    const move =
      c.action === "ack"
        ? acknowledge(current, c.by, c.note, now)
        : c.action === "shelve"
          ? shelve(this.policy, current, c.ms, now)
          : unshelve(this.policy, current, now);
    return typeof move === "string" ? move : this.keep(move);
  }

  /** Shelves that expired and escalations that fell due by `now`. */
  tick(now: number): Move[] {
    const moves: Move[] = [];
    for (const a of [...this.byName.values()]) {
      const move = due(this.policy, a, now);
      if (move.actions.length > 0) moves.push(this.keep(move));
    }
    return moves;
  }

  /** The earliest time `tick` has something to do; null when nothing waits. */
  nextDue(): number | null {
    let next: number | null = null;
    for (const a of this.byName.values()) {
      const at = nextDue(a);
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  /** Every instance not back to normal. */
  open(): AlarmInstance[] {
    return [...this.byName.values()].filter((a) => a.state !== "normal");
  }

  /** The instance named `name`, open or recently cleared. */
  get(name: string): AlarmInstance | undefined {
    return this.byName.get(name);
  }

  private keep(move: Move): Move {
    this.byName.set(alarmName(move.instance), move.instance);
    return move;
  }

  private forgetCleared(now: number): void {
    for (const [name, a] of this.byName) {
      if (a.state === "normal" && now - a.lastActiveAt >= this.policy.chatterMs) this.byName.delete(name);
    }
  }
}
