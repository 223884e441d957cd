import type { PersonInside } from "../bus/occupancy-payloads.js";
import type { StoredEvent } from "../core/events.js";
import type { OccupancyModel } from "../config/schema-occupancy.js";

/** How a cardholder role is counted: students apart, the school's own adults as staff, the rest not at all. */
const KIND_OF_ROLE: Readonly<Record<string, PersonInside["kind"]>> = {
  student: "student",
  staff: "staff",
  admin: "staff",
  security: "staff",
  contractor: "staff",
};

interface Placement {
  readonly kind: PersonInside["kind"];
  readonly reader: string;
  readonly at: number;
  readonly inside: boolean;
}

/**
 * Where each tracked cardholder is, from their last granted read at an entry or an exit reader: in
 * after an entry, out after an exit. An entry older than the site's presence window no longer counts
 * (a badge-out forgotten yesterday). Visitors' and responders' cards are not placed: visitors are the
 * front desk's register's, responders are not the school's to account for.
 */
export class Presence {
  private readonly last = new Map<string, Placement>();

  constructor(private readonly model: OccupancyModel) {}

  /** Take a recorded event; true when what the lists show changed. */
  take(e: StoredEvent): boolean {
    if (!this.model.trackPeople || e.type !== "access" || e.result !== "granted" || e.holder === null) return false;
    const kind = e.role === null ? undefined : KIND_OF_ROLE[e.role];
    const entry = this.model.entryReaders.has(e.reader);
    if (kind === undefined || (!entry && !this.model.exitReaders.has(e.reader))) return false;
    const before = this.last.get(e.holder);
    this.last.set(e.holder, { kind, reader: e.reader, at: Date.parse(e.ts), inside: entry });
    // An entry always republishes (the list shows the latest one); an exit only when it let someone out.
    return entry || before?.inside === true;
  }

  /** Everyone inside at `now`, longest in first. */
  inside(now: number): PersonInside[] {
    const since = now - this.model.presenceMs;
    const out: PersonInside[] = [];
    for (const [holder, p] of this.last) {
      if (p.inside && p.at >= since) out.push({ holder, kind: p.kind, reader: p.reader, since: new Date(p.at).toISOString() });
    }
    return out.sort((a, b) => a.since.localeCompare(b.since));
  }
}
