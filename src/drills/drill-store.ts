// Drill records in the site's SQLite store (table `drills`, migration "drill records").
import type { Database } from "../store/database.js";
import { type DrillType, type Participant, drillTypeSchema, participantSchema } from "./profile.js";
import { SecureWatchStore } from "./secure-watch-store.js";

export interface DrillRecord {
  id: number;
  type: DrillType;
  startedAt: number;
  startedBy: string;
  endedAt: number | null;
  endedBy: string | null;
  participants: Participant[];
  notes: string;
  /** Type-specific evidence, e.g. a lockdown's time to secure and unsecured doors. */
  detail: Record<string, unknown>;
}

interface Row {
  id: number;
  type: string;
  started_at: number;
  started_by: string;
  ended_at: number | null;
  ended_by: string | null;
  participants: string;
  notes: string;
  detail: string;
}

function fromRow(row: Row): DrillRecord {
  return {
    id: row.id,
    type: drillTypeSchema.parse(row.type),
    startedAt: row.started_at,
    startedBy: row.started_by,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    participants: participantSchema.array().parse(JSON.parse(row.participants)),
    notes: row.notes,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

export class DrillStore {
  /** The running lockdown drill's time-to-secure progress, kept across a restart. */
  readonly watches: SecureWatchStore;

  constructor(private readonly db: Database) {
    this.watches = new SecureWatchStore(db);
  }

  start(type: DrillType, at: number, by: string): number {
    const info = this.db
      .prepare("INSERT INTO drills (type, started_at, started_by) VALUES (?, ?, ?)")
      .run(type, at, by);
    return Number(info.lastInsertRowid);
  }

  end(id: number, at: number, by: string, detail: Record<string, unknown> = {}): void {
    this.db
      .prepare("UPDATE drills SET ended_at = ?, ended_by = ?, detail = ? WHERE id = ? AND ended_at IS NULL")
      .run(at, by, JSON.stringify(detail), id);
  }

  /** Record a drill's exact type once it is known (a lockdown mode may have been a law-enforcement drill). */
  setType(id: number, type: DrillType): void {
    this.db.prepare("UPDATE drills SET type = ? WHERE id = ?").run(type, id);
  }

  /** Replace a drill's evidence (its mode, a lockdown's time to secure). */
  setDetail(id: number, detail: Record<string, unknown>): void {
    this.db.prepare("UPDATE drills SET detail = ? WHERE id = ?").run(JSON.stringify(detail), id);
  }

  /** The latest drill not ended, if any. */
  running(): DrillRecord | undefined {
    const row = this.db.prepare("SELECT * FROM drills WHERE ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1").get() as Row | undefined;
    return row && fromRow(row);
  }

  note(id: number, participants: readonly Participant[], notes: string): void {
    this.db
      .prepare("UPDATE drills SET participants = ?, notes = ? WHERE id = ?")
      .run(JSON.stringify([...new Set(participants)]), notes, id);
  }

  get(id: number): DrillRecord | undefined {
    const row = this.db.prepare("SELECT * FROM drills WHERE id = ?").get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /**
   * Up to `limit` drills started in [from, to), newest first; with `before`, those after that drill
   * in this order (the next page).
   */
  page(from: number, to: number, limit: number, before?: number): DrillRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM drills WHERE started_at >= @from AND started_at < @to
           AND (@before IS NULL OR (started_at, id) < (SELECT started_at, id FROM drills WHERE id = @before))
         ORDER BY started_at DESC, id DESC LIMIT @limit`,
      )
      .all({ from, to, limit, before: before ?? null }) as Row[];
    return rows.map(fromRow);
  }

  /** Drills started in [from, to). */
  between(from: number, to: number): DrillRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM drills WHERE started_at >= ? AND started_at < ? ORDER BY started_at")
      .all(from, to) as Row[];
    return rows.map(fromRow);
  }
}
