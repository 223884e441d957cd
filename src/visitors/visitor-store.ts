import type { Database, Statement } from "better-sqlite3";
import type { Visit, VisitorDecision, VisitStatus } from "./visit.js";

/** The `visitors` table as stored (migration "visitor register"). */
interface Row {
  id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  id_type: string | null;
  id_last4: string | null;
  id_purged_at: number | null;
  host: string;
  destination: string;
  reason: string;
  escort: number;
  pass_kind: string;
  status: string;
  arrived_at: number;
  signed_in_at: number | null;
  signed_out_at: number | null;
  signed_in_by: string | null;
  screening: string;
  decision: string | null;
  decided_by: string | null;
  decided_at: number | null;
  decision_note: string | null;
  pass: string | null;
}

function fromRow(r: Row): Visit {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
    idType: r.id_type,
    idLast4: r.id_last4,
    host: r.host,
    destination: r.destination,
    reason: r.reason,
    escortRequired: r.escort === 1,
    passKind: r.pass_kind === "printed" ? "printed" : "card",
    status: r.status as VisitStatus,
    arrivedAt: r.arrived_at,
    signedInAt: r.signed_in_at,
    signedOutAt: r.signed_out_at,
    screening: JSON.parse(r.screening) as Visit["screening"],
    decision: r.decision as VisitorDecision | null,
    decidedBy: r.decided_by,
    decisionNote: r.decision_note,
    pass: r.pass === null ? null : (JSON.parse(r.pass) as Visit["pass"]),
  };
}

/** A new visit as the register writes it. */
export type NewVisit = Omit<Visit, "signedOutAt" | "decision" | "decidedBy" | "decisionNote" | "pass">;

/** Closed visits only: a visitor on site or waiting keeps every field until the visit ends. */
const CLOSED = "status NOT IN ('held', 'signed_in')";

/**
 * The visitor register's rows in the audit store: the only place names, dates of birth and ID data
 * are kept. Every method is one statement (or one transaction): callers hold no row between calls.
 */
export class VisitorStore {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[string], Row>;
  private readonly openStmt: Statement<[], Row>;
  private readonly rangeStmt: Statement<[number, number], Row>;
  private readonly purgeIdStmt: Statement<[number, number]>;
  private readonly purgeVisitStmt: Statement<[number]>;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO visitors
      (id, first_name, last_name, date_of_birth, id_type, id_last4, host, destination, reason, escort, pass_kind, status, arrived_at, signed_in_at, signed_in_by, screening)
      VALUES (@id, @firstName, @lastName, @dateOfBirth, @idType, @idLast4, @host, @destination, @reason, @escort, @passKind, @status, @arrivedAt, @signedInAt, @by, @screening)`);
    this.getStmt = db.prepare<[string], Row>("SELECT * FROM visitors WHERE id = ?");
    this.openStmt = db.prepare<[], Row>("SELECT * FROM visitors WHERE status IN ('held', 'signed_in') ORDER BY arrived_at, rowid");
    this.rangeStmt = db.prepare<[number, number], Row>("SELECT * FROM visitors WHERE arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at, rowid");
    this.purgeIdStmt = db.prepare<[number, number]>(
      `UPDATE visitors SET date_of_birth = NULL, id_type = NULL, id_last4 = NULL, id_purged_at = ? WHERE id_purged_at IS NULL AND arrived_at < ? AND ${CLOSED}`,
    );
    this.purgeVisitStmt = db.prepare<[number]>(`DELETE FROM visitors WHERE arrived_at < ? AND ${CLOSED}`);
  }

  insert(v: NewVisit, by: string | null): void {
    this.insertStmt.run({ ...v, escort: v.escortRequired ? 1 : 0, by, screening: JSON.stringify(v.screening) });
  }

  get(id: string): Visit | null {
    const row = this.getStmt.get(id);
    return row === undefined ? null : fromRow(row);
  }

  /** Visitors on site and visitors held, oldest first. */
  open(): Visit[] {
    return this.openStmt.all().map(fromRow);
  }

  /** Visits that began in [from, to), oldest first. */
  between(from: number, to: number): Visit[] {
    return this.rangeStmt.all(from, to).map(fromRow);
  }

  /** A held visitor admitted, now or after an officer's decision. */
  admit(id: string, at: number, by: string | null): void {
    this.db.prepare("UPDATE visitors SET status = 'signed_in', signed_in_at = ?, signed_in_by = ? WHERE id = ?").run(at, by, id);
  }

  setPass(id: string, pass: Visit["pass"]): void {
    this.db.prepare("UPDATE visitors SET pass = ? WHERE id = ?").run(pass === null ? null : JSON.stringify(pass), id);
  }

  /** An officer's decision; `status` is what it leaves the visit at (held for an escalation). */
  decide(id: string, status: VisitStatus, decision: VisitorDecision, by: string, note: string, at: number): void {
    this.db
      .prepare("UPDATE visitors SET status = ?, decision = ?, decided_by = ?, decision_note = ?, decided_at = ? WHERE id = ?")
      .run(status, decision, by, note, at, id);
  }

  signOut(id: string, at: number): void {
    this.db.prepare("UPDATE visitors SET status = 'signed_out', signed_out_at = ? WHERE id = ? AND status = 'signed_in'").run(at, id);
  }

  /** End an open visit, on site or still held for an officer (the end of the school day). */
  endVisit(id: string, at: number): void {
    this.db.prepare("UPDATE visitors SET status = 'signed_out', signed_out_at = ? WHERE id = ? AND status IN ('held', 'signed_in')").run(at, id);
  }

  /**
   * Empty the ID data (date of birth, ID type and last 4) of closed visits that began before
   * `idBefore`, and delete closed visits that began before `visitBefore`; the counts of each.
   */
  purge(idBefore: number, visitBefore: number, now: number): { idData: number; visits: number } {
    return this.db.transaction(() => {
      const visits = this.purgeVisitStmt.run(visitBefore).changes;
      const idData = this.purgeIdStmt.run(now, idBefore).changes;
      return { idData, visits };
    })();
  }
}
