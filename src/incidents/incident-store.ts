import type { Database, Statement, Transaction } from "better-sqlite3";
import { z } from "zod";
import { INCIDENT_KINDS, type IncidentAction, type IncidentKind, type IncidentStatus } from "../core/incident-events.js";
import {
  IncidentChanges,
  IncidentPeople,
  type IncidentHistoryEntry,
  type IncidentRecord,
  type IncidentSummary,
} from "../bus/incident-payloads.js";
import { GatewayError } from "../util/errors.js";

/** The `body` column: what an incident says beyond the columns reports and lists read. */
const StoredBody = z.strictObject({
  narrative: z.string(),
  people: IncidentPeople,
  events: z.array(z.number().int()),
  alarms: z.array(z.string()),
});

/** An incident without its history, as written. */
export type IncidentRow = Omit<IncidentRecord, "history">;

/** Which incidents `list` returns. */
export interface IncidentFilter {
  readonly status?: IncidentStatus;
  readonly kind?: IncidentKind;
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
}

interface Row {
  id: string;
  kind: string;
  place: string;
  occurred_at: string;
  status: IncidentStatus;
  opened_at: string;
  opened_by: string;
  updated_at: string;
  updated_by: string;
  closed_at: string | null;
  closed_by: string | null;
  body: string;
}

interface HistoryRow {
  n: number;
  action: IncidentAction;
  at: string;
  by: string;
  changes: string;
}

const Kind = z.enum(INCIDENT_KINDS);

function fromRow(row: Row): IncidentRow {
  const body = StoredBody.parse(JSON.parse(row.body));
  const { body: _body, kind, ...columns } = row;
  return { ...columns, kind: Kind.parse(kind), ...body };
}

function toRow(r: IncidentRow): Row {
  const { narrative, people, events, alarms, ...columns } = r;
  return { ...columns, body: JSON.stringify({ narrative, people, events, alarms }) };
}

/**
 * The `incidents` and `incident_history` tables (store migration 13). Every change writes the row as
 * it now stands and one history entry, in one transaction; the history is never rewritten.
 */
export class IncidentStore {
  private readonly insertRow: Statement<Row>;
  private readonly updateRow: Statement<Row>;
  private readonly insertEntry: Statement<Record<"incident" | "action" | "at" | "by" | "changes", string>>;
  private readonly selectRow: Statement<[string], Row>;
  private readonly selectHistory: Statement<[string], HistoryRow>;
  private readonly selectList: Statement<Record<string, string | number | null>, Row>;
  private readonly presentEvents: Statement<[string], number>;
  private readonly presentAlarms: Statement<[string], string>;
  private readonly writeTx: Transaction<(row: IncidentRow, entry: Omit<IncidentHistoryEntry, "n">, insert: boolean) => void>;

  /** @param db the audit store, opened by `openDatabase` (migration 13 applied). */
  constructor(db: Database) {
    const columns = "id, kind, place, occurred_at, status, opened_at, opened_by, updated_at, updated_by, closed_at, closed_by, body";
    this.insertRow = db.prepare(`INSERT INTO incidents (${columns}) VALUES (${columns.split(", ").map((c) => `@${c}`).join(", ")})`);
    this.updateRow = db.prepare(
      `UPDATE incidents SET kind = @kind, place = @place, occurred_at = @occurred_at, status = @status, updated_at = @updated_at,
         updated_by = @updated_by, closed_at = @closed_at, closed_by = @closed_by, body = @body
       WHERE id = @id AND opened_at = @opened_at AND opened_by = @opened_by`, // who opened it, and when, never change
    );
    this.insertEntry = db.prepare(
      `INSERT INTO incident_history (incident, n, action, at, by, changes)
       VALUES (@incident, (SELECT ifnull(max(n), 0) + 1 FROM incident_history WHERE incident = @incident), @action, @at, @by, @changes)`,
    );
    this.selectRow = db.prepare(`SELECT ${columns} FROM incidents WHERE id = ?`);
    this.selectHistory = db.prepare("SELECT n, action, at, by, changes FROM incident_history WHERE incident = ? ORDER BY n");
    this.selectList = db.prepare(
      `SELECT ${columns} FROM incidents
        WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind)
          AND (@from IS NULL OR occurred_at >= @from) AND (@to IS NULL OR occurred_at < @to)
        ORDER BY occurred_at DESC, id LIMIT @limit`,
    );
    this.presentEvents = db.prepare<[string], number>("SELECT seq FROM events WHERE seq IN (SELECT value FROM json_each(?))").pluck();
    this.presentAlarms = db.prepare<[string], string>("SELECT instance FROM alarms WHERE instance IN (SELECT value FROM json_each(?))").pluck();
    this.writeTx = db.transaction((row, entry, insert) => {
      const changed = (insert ? this.insertRow : this.updateRow).run(toRow(row)).changes;
      if (changed !== 1) throw new Error(`incident ${row.id} was not ${insert ? "inserted" : "found"}`);
      const { action, at, by } = entry;
      this.insertEntry.run({ incident: row.id, action, at, by, changes: JSON.stringify(IncidentChanges.parse(entry.changes)) });
    });
  }

  /**
   * Write an incident as it now stands and the history entry saying what changed; durable when this
   * returns. `insert`: a new incident. Throws GatewayError("STORE_WRITE").
   */
  write(row: IncidentRow, entry: Omit<IncidentHistoryEntry, "n">, insert: boolean): void {
    try {
      this.writeTx(row, entry, insert);
    } catch (err) {
      throw new GatewayError("STORE_WRITE", `cannot store incident ${row.id}`, { cause: err });
    }
  }

  /** The incident and its history, oldest entry first; undefined when there is none with that id. */
  get(id: string): IncidentRecord | undefined {
    const row = this.selectRow.get(id);
    if (row === undefined) return undefined;
    const history = this.selectHistory.all(id).map((h) => ({ ...h, changes: IncidentChanges.parse(JSON.parse(h.changes)) }));
    return { ...fromRow(row), history };
  }

  /** The incidents that pass `filter`, latest occurrence first, without narratives or people. */
  list(filter: IncidentFilter): IncidentSummary[] {
    const params = { status: filter.status ?? null, kind: filter.kind ?? null, from: filter.from ?? null, to: filter.to ?? null, limit: filter.limit };
    return this.selectList.all(params).map((row) => {
      const { narrative: _narrative, people, events, alarms, ...rest } = fromRow(row);
      return { ...rest, people: people.cardholders.length + people.visitors.length, events: events.length, alarms: alarms.length };
    });
  }

  /** Of `seqs`, those not in the event log. */
  missingEvents(seqs: readonly number[]): number[] {
    if (seqs.length === 0) return [];
    const present = new Set(this.presentEvents.all(JSON.stringify(seqs)));
    return seqs.filter((s) => !present.has(s));
  }

  /** Of `instances`, the alarm instances not in the store. */
  missingAlarms(instances: readonly string[]): string[] {
    if (instances.length === 0) return [];
    const present = new Set(this.presentAlarms.all(JSON.stringify(instances)));
    return instances.filter((a) => !present.has(a));
  }
}
