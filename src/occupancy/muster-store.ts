import type { Database, Statement } from "better-sqlite3";
import { z } from "zod";
import { MUSTER_STATUSES, PERSON_KINDS } from "../bus/muster-payloads.js";
import { GatewayError } from "../util/errors.js";
import type { MusterEntry, MusterRecord } from "./muster-book.js";

interface MusterRow {
  id: string;
  started_at: string;
  started_by: string;
  mode: string;
  drill: number;
  points: string;
  ended_at: string | null;
  ended_by: string | null;
}

interface PersonRow {
  person: string;
  kind: string | null;
  name: string | null;
  held: number;
  expected: number;
  status: string | null;
  point: string | null;
  marked_by: string | null;
  marked_at: string | null;
}

const Points = z.array(z.strictObject({ id: z.string(), name: z.string() }));
const Kind = z.enum(PERSON_KINDS).nullable();
const Status = z.enum(MUSTER_STATUSES).nullable();

const ms = (t: string | null): number | null => (t === null ? null : Date.parse(t));
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/**
 * The `musters` and `muster_people` tables (store migrations 13 and 14): every roll call and every person
 * in it, written through on each step so a restart finds the roll call where it was.
 */
export class MusterStore {
  private readonly insertMuster: Statement<[string, string, string, string, number, string]>;
  private readonly upsertPerson: Statement<[string, string, string | null, string | null, number, number, string | null, string | null, string | null, string | null]>;
  private readonly endMuster: Statement<[string | null, string | null, string]>;
  private readonly selectLatest: Statement<[], MusterRow>;
  private readonly selectPeople: Statement<[string], PersonRow>;
  private readonly forgetNamesStmt: Statement<[string]>;

  /** @param db the audit store, opened by `openDatabase` (migrations 13 and 14 applied). */
  constructor(private readonly db: Database) {
    this.insertMuster = db.prepare("INSERT INTO musters (id, started_at, started_by, mode, drill, points) VALUES (?, ?, ?, ?, ?, ?)");
    this.upsertPerson = db.prepare(
      `INSERT INTO muster_people (muster, person, kind, name, held, expected, status, point, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (muster, person) DO UPDATE SET status = excluded.status, point = excluded.point,
         marked_by = excluded.marked_by, marked_at = excluded.marked_at`,
    );
    this.endMuster = db.prepare("UPDATE musters SET ended_at = ?, ended_by = ? WHERE id = ?");
    this.selectLatest = db.prepare("SELECT * FROM musters ORDER BY started_at DESC, rowid DESC LIMIT 1");
    this.selectPeople = db.prepare("SELECT * FROM muster_people WHERE muster = ? ORDER BY rowid");
    this.forgetNamesStmt = db.prepare(
      "UPDATE muster_people SET name = NULL WHERE name IS NOT NULL AND muster IN (SELECT id FROM musters WHERE started_at < ? AND ended_at IS NOT NULL)",
    );
  }

  /** Write a new roll call with everyone it expects, in one transaction. Throws GatewayError("STORE_WRITE"). */
  create(r: MusterRecord): void {
    this.write(`cannot store roll call ${r.id}`, () => {
      this.insertMuster.run(r.id, iso(r.startedAt) as string, r.startedBy, r.mode, r.drill ? 1 : 0, JSON.stringify(r.points));
      for (const e of r.people.values()) this.person(r.id, e);
    });
  }

  /** Write the entries a mark changed. */
  saveMarks(muster: string, entries: readonly MusterEntry[]): void {
    this.write(`cannot store marks of roll call ${muster}`, () => {
      for (const e of entries) this.person(muster, e);
    });
  }

  /** Write that a roll call ended. */
  end(r: MusterRecord): void {
    this.write(`cannot store the end of roll call ${r.id}`, () => void this.endMuster.run(iso(r.endedAt), r.endedBy, r.id));
  }

  /**
   * Empty the names (visitors' only: cardholders have none here) of the ended roll calls started
   * before `before`; how many went. An open roll call keeps its names: people are still counted.
   */
  forgetNames(before: number): number {
    try {
      return this.forgetNamesStmt.run(iso(before) as string).changes;
    } catch (err) {
      throw new GatewayError("STORE_WRITE", "cannot purge names from roll calls", { cause: err });
    }
  }

  /** The latest roll call, open or ended, with its people; null when there never was one. */
  latest(): MusterRecord | null {
    const row = this.selectLatest.get();
    if (row === undefined) return null;
    const people = new Map<string, MusterEntry>();
    for (const p of this.selectPeople.all(row.id)) {
      people.set(p.person, {
        id: p.person,
        kind: Kind.parse(p.kind),
        name: p.name,
        held: p.held === 1,
        expected: p.expected === 1,
        status: Status.parse(p.status),
        point: p.point,
        by: p.marked_by,
        at: ms(p.marked_at),
      });
    }
    return {
      id: row.id,
      startedAt: Date.parse(row.started_at),
      startedBy: row.started_by,
      mode: row.mode,
      drill: row.drill === 1,
      points: Points.parse(JSON.parse(row.points)),
      endedAt: ms(row.ended_at),
      endedBy: row.ended_by,
      people,
    };
  }

  private person(muster: string, e: MusterEntry): void {
    this.upsertPerson.run(muster, e.id, e.kind, e.name, e.held ? 1 : 0, e.expected ? 1 : 0, e.status, e.point, e.by, iso(e.at));
  }

  private write(what: string, run: () => void): void {
    try {
      this.db.transaction(run)();
    } catch (err) {
      throw new GatewayError("STORE_WRITE", what, { cause: err });
    }
  }
}
