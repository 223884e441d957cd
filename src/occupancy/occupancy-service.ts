import type { OccupancyPeoplePayload, OccupancyStatePayload, VisitorInside } from "../bus/occupancy-payloads.js";
import type { StoredEvent } from "../core/events.js";
import type { OccupancyModel } from "../config/schema-occupancy.js";
import type { HeldVisitor, VisitorRoster } from "../visitors/ports.js";
import type { ExpectedPerson } from "./muster-book.js";
import { Presence } from "./presence.js";

/** What the occupancy service is given. */
export interface OccupancyDeps {
  readonly model: OccupancyModel;
  /** The front desk's register, when the site has one (read each time: it may start later). */
  readonly roster: () => VisitorRoster | undefined;
  /** The safety mode now, and whether it is a drill. */
  readonly safety: () => { mode: string; drill: boolean };
  /** Publish the counts, for every client and the district. */
  readonly publishCounts: (state: OccupancyStatePayload) => void;
  /** Publish the lists, for the site's clients that may see them only. */
  readonly publishPeople: (state: OccupancyPeoplePayload) => void;
  readonly now: () => number;
}

/** Ids of visitors in a roll call: apart from cardholder ids. */
export const VISITOR_ID_PREFIX = "visitor:";

/**
 * Who is in the building: visitors signed in at the front desk or held there for an officer, and (when the site tracks them)
 * staff and students by their entry and exit reads. Publishes the counts and the lists on every
 * change, and again on every mode change so a console sees them beside the mode it is in.
 */
export class OccupancyService {
  private readonly presence: Presence;
  private watched: VisitorRoster | undefined;
  private unwatch: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: OccupancyDeps) {
    this.presence = new Presence(deps.model);
  }

  /** Place people by past events (oldest first), watch the register and publish. */
  start(history: Iterable<StoredEvent> = []): void {
    for (const e of history) this.presence.take(e);
    this.watchRoster();
    this.publish();
  }

  /** The recorder's `recorded` notice: entry and exit reads and mode changes republish. */
  onRecorded(events: readonly StoredEvent[]): void {
    let changed = this.watchRoster();
    for (const e of events) {
      if (this.presence.take(e) || e.type === "mode") changed = true;
    }
    if (changed) this.publish();
  }

  /** Everyone the building holds now, as a roll call expects them. */
  expected(): ExpectedPerson[] {
    const people: ExpectedPerson[] = this.presence.inside(this.deps.now()).map((p) => ({ id: p.holder, kind: p.kind, name: null }));
    for (const v of this.visitors()) people.push({ id: `${VISITOR_ID_PREFIX}${v.visitor_id}`, kind: "visitor", name: v.name, held: v.held });
    return people;
  }

  stop(): void {
    this.stopped = true;
    this.unwatch?.();
  }

  /** Start listening to the register once it is there; true when it just appeared. */
  private watchRoster(): boolean {
    const roster = this.deps.roster();
    if (roster === this.watched || this.stopped) return false;
    this.unwatch?.();
    this.watched = roster;
    this.unwatch = roster?.onChange(() => this.publish());
    return true;
  }

  /** Visitors signed in, then those held at the desk: a hold is in the building too. */
  private visitors(): VisitorInside[] {
    const roster = this.watched;
    if (roster === undefined) return [];
    const inside = (held: boolean) => ({ visitor_id, name, destination, host, since }: HeldVisitor) => ({ visitor_id, name, destination, host, since, held });
    return [...roster.onSite().map(inside(false)), ...roster.held().map(inside(true))];
  }

  private publish(): void {
    if (this.stopped) return;
    const now = this.deps.now();
    const inside = this.presence.inside(now);
    const visitors = this.visitors();
    const staff = inside.filter((p) => p.kind === "staff");
    const students = inside.filter((p) => p.kind === "student");
    const { mode, drill } = this.deps.safety();
    const head = { mode, drill, tracking_people: this.deps.model.trackPeople, at: new Date(now).toISOString() };
    const counts = { visitors: visitors.length, staff: staff.length, students: students.length };
    const held = { held_visitors: visitors.filter((v) => v.held).length };
    this.deps.publishCounts({ ...head, counts, ...held });
    this.deps.publishPeople({ ...head, counts, ...held, visitors, staff, students });
  }
}
