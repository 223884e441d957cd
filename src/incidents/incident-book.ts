import type { IncidentEvent } from "../core/incident-events.js";
import type { IncidentChanges, IncidentRecord, IncidentRequest, IncidentSummary } from "../bus/incident-payloads.js";
import { RequestError } from "../bus/requests.js";
import type { IncidentRow, IncidentStore } from "./incident-store.js";

type Action<A extends IncidentRequest["action"]> = Extract<IncidentRequest, { action: A }>;

/** What the book needs: its table, the time, new ids, and the engine's report path for its events. */
export interface IncidentBookDeps {
  readonly store: IncidentStore;
  readonly now: () => number;
  readonly newId: () => string;
  readonly report: (event: IncidentEvent) => void;
}

const iso = (t: string): string => new Date(t).toISOString();

/** The fields an update may change, in the order the history lists them. */
const CHANGEABLE = ["kind", "place", "occurred_at", "narrative", "people", "events", "alarms"] as const;

/**
 * Incident records: opening, updating, closing and reopening them, each change written with its
 * history entry before its `incident` event is reported. A closed incident changes only by being
 * reopened. Refusals are RequestErrors with a code a console can act on.
 */
export class IncidentBook {
  constructor(private readonly deps: IncidentBookDeps) {}

  open(req: Action<"open">, by: string): IncidentRecord {
    this.checkLinks(req.events, req.alarms);
    const at = new Date(this.deps.now()).toISOString();
    const { action: _action, ...fields } = req;
    const row: IncidentRow = {
      id: this.deps.newId(),
      ...fields,
      occurred_at: iso(req.occurred_at),
      status: "open",
      opened_at: at,
      opened_by: by,
      updated_at: at,
      updated_by: by,
      closed_at: null,
      closed_by: null,
    };
    const changes = Object.fromEntries(CHANGEABLE.map((field) => [field, row[field]])) as IncidentChanges;
    return this.write(row, "opened", changes, by, true);
  }

  update(req: Action<"update">, by: string): IncidentRecord {
    const current = this.openOne(req.incident);
    const changes: IncidentChanges = {};
    for (const field of CHANGEABLE) {
      if (req[field] !== undefined) Object.assign(changes, { [field]: field === "occurred_at" ? iso(req.occurred_at as string) : req[field] });
    }
    if (Object.keys(changes).length === 0 && req.note === undefined) {
      throw new RequestError("nothing_to_update", "an update changes at least one field or adds a note");
    }
    // Links already made stay valid even once retention has pruned what they point to.
    this.checkLinks(
      (changes.events ?? []).filter((s) => !current.events.includes(s)),
      (changes.alarms ?? []).filter((a) => !current.alarms.includes(a)),
    );
    const at = new Date(this.deps.now()).toISOString();
    const row: IncidentRow = { ...strip(current), ...changes, updated_at: at, updated_by: by };
    return this.write(row, "updated", req.note === undefined ? changes : { ...changes, note: req.note }, by, false);
  }

  close(req: Action<"close">, by: string): IncidentRecord {
    const current = this.openOne(req.incident);
    const at = new Date(this.deps.now()).toISOString();
    const row: IncidentRow = { ...strip(current), status: "closed", updated_at: at, updated_by: by, closed_at: at, closed_by: by };
    return this.write(row, "closed", req.note === undefined ? {} : { note: req.note }, by, false);
  }

  reopen(req: Action<"reopen">, by: string): IncidentRecord {
    const current = this.found(req.incident);
    if (current.status !== "closed") throw new RequestError("not_closed", "the incident is open");
    const at = new Date(this.deps.now()).toISOString();
    const row: IncidentRow = { ...strip(current), status: "open", updated_at: at, updated_by: by, closed_at: null, closed_by: null };
    return this.write(row, "reopened", { reason: req.reason }, by, false);
  }

  get(id: string): IncidentRecord {
    return this.found(id);
  }

  list(req: Action<"list">): IncidentSummary[] {
    const { status, kind, limit } = req;
    return this.deps.store.list({
      limit,
      ...(status === undefined ? {} : { status }),
      ...(kind === undefined ? {} : { kind }),
      ...(req.from === undefined ? {} : { from: iso(req.from) }),
      ...(req.to === undefined ? {} : { to: iso(req.to) }),
    });
  }

  private write(row: IncidentRow, action: IncidentEvent["action"], changes: IncidentChanges, by: string, insert: boolean): IncidentRecord {
    this.deps.store.write(row, { action, at: row.updated_at, by, changes }, insert);
    this.deps.report({
      type: "incident",
      action,
      incident: row.id,
      kind: row.kind,
      place: row.place,
      status: row.status,
      by,
      people: row.people.cardholders.length + row.people.visitors.length,
      events: row.events.length,
      alarms: row.alarms.length,
    });
    return this.found(row.id);
  }

  private found(id: string): IncidentRecord {
    const record = this.deps.store.get(id);
    if (record === undefined) throw new RequestError("not_found", "no incident has that id");
    return record;
  }

  /** The incident, refused when it is closed: a closed incident changes only by being reopened. */
  private openOne(id: string): IncidentRecord {
    const record = this.found(id);
    if (record.status === "closed") throw new RequestError("closed", "the incident is closed; reopen it to change it");
    return record;
  }

  /** Refuse links to events or alarms the store does not hold, naming them. */
  private checkLinks(events: readonly number[], alarms: readonly string[]): void {
    const missingEvents = this.deps.store.missingEvents(events);
    const missingAlarms = this.deps.store.missingAlarms(alarms);
    if (missingEvents.length === 0 && missingAlarms.length === 0) return;
    const named = [
      ...(missingEvents.length === 0 ? [] : [`events ${missingEvents.join(", ")}`]),
      ...(missingAlarms.length === 0 ? [] : [`alarms ${missingAlarms.join(", ")}`]),
    ];
    throw new RequestError("unknown_links", `not in the store: ${named.join("; ")}`);
  }
}

/** The record without its history: what a change writes back. */
function strip(record: IncidentRecord): IncidentRow {
  const { history: _history, ...row } = record;
  return row;
}
