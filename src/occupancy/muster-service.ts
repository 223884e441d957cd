import type { MusterStatePayload, MusterStatus, MusterView } from "../bus/muster-payloads.js";
import type { EventBody } from "../core/events.js";
import type { MusterAction } from "../core/muster-events.js";
import type { Logger } from "../util/log.js";
import { markPeople, musterCounts, musterView, openMuster, type AssemblyPoint, type ExpectedPerson, type MusterEntry, type MusterRecord } from "./muster-book.js";
import type { MusterStore } from "./muster-store.js";

/** What the roll call service is given. */
export interface MusterDeps {
  readonly store: MusterStore;
  readonly points: readonly AssemblyPoint[];
  /** Who the building holds now (occupancy-service.ts). */
  readonly expected: () => ExpectedPerson[];
  readonly safety: () => { mode: string; drill: boolean };
  /** Record events through the engine's report path. */
  readonly report: (...events: EventBody[]) => void;
  /** Publish the retained `state/muster`, for the site's clients that may see it only. */
  readonly publish: (state: MusterStatePayload) => void;
  readonly now: () => number;
  readonly newId: () => string;
  readonly log: Logger;
}

/** Why a roll call request is refused. */
export type MusterRefusal = "already_open" | "not_open" | "unknown_point";

/**
 * The roll call after an evacuation: started from who the building holds, marked by the roll call
 * takers at the assembly points, ended by an officer. Each step is written through to the store
 * (a restart finds it where it was), recorded as an `event/muster` with counts and published on
 * `state/muster`. A store that cannot write is logged and the roll call goes on in memory: people
 * must still be counted.
 */
export class MusterService {
  private current: MusterRecord | null = null;

  constructor(private readonly deps: MusterDeps) {}

  /** Read the latest roll call the last run left and publish it. */
  start(): void {
    try {
      this.current = this.deps.store.latest();
    } catch (err) {
      this.deps.log.error({ err }, "the stored roll call could not be read");
    }
    this.publish();
  }

  begin(by: string): MusterView | MusterRefusal {
    if (this.open() !== null) return "already_open";
    const { mode, drill } = this.deps.safety();
    const record = openMuster({ id: this.deps.newId(), startedAt: this.deps.now(), startedBy: by, mode, drill, points: this.deps.points }, this.deps.expected());
    this.current = record;
    this.persist(() => this.deps.store.create(record));
    return this.announce(record, "started", by, null);
  }

  mark(by: string, ids: readonly string[], status: MusterStatus, point: string | null): MusterView | MusterRefusal {
    const record = this.open();
    if (record === null) return "not_open";
    const changed: MusterEntry[] | "unknown_point" = markPeople(record, { ids, status, point, by }, this.deps.now());
    if (typeof changed === "string") return changed;
    this.persist(() => this.deps.store.saveMarks(record.id, changed));
    return this.announce(record, "marked", by, changed.length);
  }

  /**
   * Empty visitors' names from the ended roll calls started before `before` (their retention is the
   * visitor register's ID data's); the last roll call is read back and republished when it was one.
   */
  forgetNames(before: number): number {
    const forgotten = this.deps.store.forgetNames(before);
    const last = this.current;
    if (forgotten > 0 && last !== null && last.endedAt !== null && last.startedAt < before) {
      this.current = this.deps.store.latest();
      this.publish();
    }
    return forgotten;
  }

  /** The open roll call, or the last one; "not_open" when there never was one. */
  status(): MusterView | MusterRefusal {
    return this.current === null ? "not_open" : musterView(this.current);
  }

  end(by: string): MusterView | MusterRefusal {
    const record = this.open();
    if (record === null) return "not_open";
    record.endedAt = this.deps.now();
    record.endedBy = by;
    this.persist(() => this.deps.store.end(record));
    return this.announce(record, "ended", by, null);
  }

  private open(): MusterRecord | null {
    return this.current !== null && this.current.endedAt === null ? this.current : null;
  }

  private persist(write: () => void): void {
    try {
      write();
    } catch (err) {
      this.deps.log.error({ err, muster: this.current?.id }, "roll call could not be stored");
    }
  }

  private announce(record: MusterRecord, action: MusterAction, by: string, marked: number | null): MusterView {
    this.deps.report({ type: "muster", action, muster: record.id, by, marked, ...musterCounts(record) });
    this.publish();
    return musterView(record);
  }

  private publish(): void {
    this.deps.publish({ active: this.open() !== null, muster: this.current === null ? null : musterView(this.current) });
  }
}
