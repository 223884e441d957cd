// Drill records from the running gateway: a mode raised as a drill starts one, its clear ends it.
import type { DrillType, Participant } from "../core/drill-events.js";
import type { EventBody, ModeEvent, StoredEvent } from "../core/events.js";
import type { DrillStore, DrillRecord } from "./drill-store.js";
import { detailOf, drillEvent, type DrillDetail } from "./drill-wire.js";
import { secureDetail } from "./secure-detail.js";
import { applyChange, applyRestart, doorChange, progressAt, secureResult, type DoorAtRaise, type SecureProgress } from "./time-to-secure.js";

/** The drill a mode stands for until someone says precisely (a lockdown may be the law-enforcement drill). */
const TYPE_OF_MODE: Readonly<Record<string, DrillType>> = {
  hold: "lockdown",
  secure: "lockdown",
  lockdown: "lockdown",
  evacuate: "evacuation",
  shelter: "severe_weather",
};

export interface DrillServiceDeps {
  readonly store: DrillStore;
  /** Record events through the engine's report path (the only way events are written). */
  readonly report: (...events: EventBody[]) => void;
  /** Wall time, epoch ms, for drills started or ended by request, and the moment of a restart. */
  readonly now: () => number;
  /** The doors a lockdown locks, as they stand now (after the raise's own decision). */
  readonly lockdownDoors: () => DoorAtRaise[];
  /** A record changed: compliance is to be evaluated again. */
  readonly changed: () => void;
}

/** A lockdown drill's doors since its raise (kept in the store as they change), and whether its securing was announced. */
interface Watch {
  readonly id: number;
  readonly progress: SecureProgress;
  secured: boolean;
}

/** What a person may change on a drill's record. */
export interface DrillChange {
  readonly type?: DrillType;
  readonly participants?: readonly Participant[];
  readonly notes?: string;
}

/**
 * Keeps the `drills` table in step with the gateway: hears the recorded mode events (a raise with the
 * drill flag starts a record, the clear ends it), measures a lockdown drill's time to secure from the
 * recorded door events, and records `drill` events through the engine so they are audited and forwarded.
 */
export class DrillService {
  private watch: Watch | null = null;

  /** Carries on measuring the lockdown drill the last run left running, from the progress it kept. */
  constructor(private readonly deps: DrillServiceDeps) {
    this.resume();
  }

  /** The drill running now, if any (one left running by the last run included). */
  running(): DrillRecord | undefined {
    return this.deps.store.running();
  }

  onRecorded(events: readonly StoredEvent[]): void {
    let moved: Watch | null = null;
    for (const e of events) {
      if (e.type === "mode") this.onMode(e);
      else if (e.type === "door" && this.watch !== null && this.onDoor(this.watch, e)) moved = this.watch;
    }
    this.checkSecured();
    // Kept once per batch, after every change is applied: a failed write loses no change of this run.
    if (moved !== null && moved === this.watch) this.keep(moved);
  }

  /** Up to `limit` records started in [from, to), newest first, after the record `before` (see DrillStore.page). */
  records(from: number, to: number, limit: number, before?: number): DrillRecord[] {
    return this.deps.store.page(from, to, limit, before);
  }

  /** A record by id. */
  record(id: number): DrillRecord | undefined {
    return this.deps.store.get(id);
  }

  /** Start a drill held without a mode (a bus evacuation, the annual review). */
  start(type: DrillType, by: string): DrillRecord {
    return this.begin(type, this.deps.now(), by, { mode: null });
  }

  /** Set a drill's type, participants or notes; `undefined` when there is no such drill. */
  update(id: number, change: DrillChange): DrillRecord | undefined {
    const before = this.deps.store.get(id);
    if (before === undefined) return undefined;
    if (change.type !== undefined && change.type !== before.type) this.deps.store.setType(id, change.type);
    if (change.participants !== undefined || change.notes !== undefined) {
      this.deps.store.note(id, change.participants ?? before.participants, change.notes ?? before.notes);
    }
    return this.announce(id, "updated");
  }

  /** End a drill; `undefined` when there is no such drill or it has ended already. */
  end(id: number, by: string, at = this.deps.now()): DrillRecord | undefined {
    const record = this.deps.store.get(id);
    if (record === undefined || record.endedAt !== null) return undefined;
    this.deps.store.end(id, at, by, { ...record.detail, ...this.secureDetail(id) });
    if (this.watch?.id === id) {
      this.watch = null;
      this.deps.store.watches.drop();
    }
    return this.announce(id, "ended");
  }

  private resume(): void {
    const saved = this.deps.store.watches.load();
    if (saved === undefined) return;
    if (this.deps.store.get(saved.id)?.endedAt !== null) {
      this.deps.store.watches.drop();
      return;
    }
    const announced = saved.progress.securedAt !== null && !saved.progress.unseen;
    applyRestart(saved.progress, this.deps.now());
    this.watch = { id: saved.id, progress: saved.progress, secured: announced };
    this.keep(this.watch);
  }

  private keep(w: Watch): void {
    this.deps.store.watches.save({ id: w.id, progress: w.progress }, this.deps.now());
  }

  /** Apply a door event to the watch; true when it changed a door in scope. */
  private onDoor(w: Watch, e: StoredEvent): boolean {
    const change = doorChange(e);
    return change !== undefined && applyChange(w.progress, change);
  }

  private onMode(e: StoredEvent & ModeEvent): void {
    const at = Date.parse(e.ts);
    const who = e.actor ?? e.by;
    const current = this.running();
    if (e.action === "raised" && e.drill && current === undefined) {
      const record = this.begin(TYPE_OF_MODE[e.mode] ?? "lockdown", at, who, { mode: e.mode });
      if (e.mode === "lockdown") {
        this.watch = { id: record.id, progress: progressAt(at, this.deps.lockdownDoors()), secured: false };
        this.keep(this.watch);
      }
    } else if (e.action === "cleared" && current !== undefined && detailOf(current).mode != null) {
      this.end(current.id, who, at);
    }
  }

  private begin(type: DrillType, at: number, by: string, detail: DrillDetail): DrillRecord {
    const id = this.deps.store.start(type, at, by);
    this.deps.store.setDetail(id, { ...detail });
    return this.announce(id, "started");
  }

  /** Once every door of a lockdown drill is seen secured, say so at once, not only when it ends. */
  private checkSecured(): void {
    const w = this.watch;
    if (w === null || w.secured) return;
    if (secureResult(w.progress).secureMs === null) return;
    w.secured = true;
    const record = this.deps.store.get(w.id);
    if (record === undefined) return;
    this.deps.store.setDetail(w.id, { ...record.detail, ...this.secureDetail(w.id) });
    this.announce(w.id, "updated");
  }

  /** A lockdown drill's time to secure from the changes heard so far; nothing for other drills. */
  private secureDetail(id: number): DrillDetail {
    const w = this.watch;
    return w === null || w.id !== id ? {} : secureDetail(secureResult(w.progress));
  }

  private announce(id: number, action: "started" | "updated" | "ended"): DrillRecord {
    const record = this.deps.store.get(id) as DrillRecord;
    this.deps.report(drillEvent(record, action));
    this.deps.changed();
    return record;
  }
}
