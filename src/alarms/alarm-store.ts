import type { Database, Statement } from "better-sqlite3";
import { z } from "zod";
import { ALARM_PRIORITIES, ALARM_STATES, ANNUNCIATED_KINDS } from "../core/alarm-events.js";
import { GatewayError } from "../util/errors.js";
import { alarmName, type AlarmInstance } from "./alarm-machine.js";

/** An instance as stored in the `body` column: every field, times in epoch ms. */
const StoredInstance = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(ANNUNCIATED_KINDS),
  source: z.string(),
  location: z.string().nullable(),
  priority: z.enum(ALARM_PRIORITIES),
  latched: z.boolean(),
  state: z.enum(ALARM_STATES),
  active: z.boolean(),
  drill: z.boolean(),
  raisedAt: z.number(),
  lastActiveAt: z.number(),
  ackedAt: z.number().nullable(),
  ackedBy: z.string().nullable(),
  ackNote: z.string().nullable(),
  clearedAt: z.number().nullable(),
  shelvedUntil: z.number().nullable(),
  escalateAt: z.number().nullable(),
  escalatedAt: z.number().nullable(),
  count: z.number().int().positive(),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

type Row = [instance: string, alarm: string, kind: string, source: string, priority: string, state: string, raised_at: string, acked_at: string | null, acked_by: string | null, cleared_at: string | null, escalated_at: string | null, body: string, updated_at: string];

/**
 * The `alarms` table (store migration 6): every instance, written through on each move so a restart
 * finds the alarms still waiting for a person. Cleared rows stay, with their raise, acknowledge and
 * clear times, for reports of how long alarms waited.
 */
export class AlarmStore {
  private readonly upsert: Statement<Row>;
  private readonly selectOpen: Statement<[], { body: string }>;

  /** @param db the audit store, opened by `openDatabase` (migration 6 applied). */
  constructor(db: Database) {
    this.upsert = db.prepare<Row>(
      `INSERT INTO alarms (instance, alarm, kind, source, priority, state, raised_at, acked_at, acked_by, cleared_at, escalated_at, body, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (instance) DO UPDATE SET state = excluded.state, acked_at = excluded.acked_at, acked_by = excluded.acked_by,
         cleared_at = excluded.cleared_at, escalated_at = excluded.escalated_at, body = excluded.body, updated_at = excluded.updated_at`,
    );
    this.selectOpen = db.prepare<[], { body: string }>("SELECT body FROM alarms WHERE cleared_at IS NULL ORDER BY raised_at");
  }

  /** Write an instance as it is now; durable when this returns. Throws GatewayError("STORE_WRITE"). */
  save(a: AlarmInstance, now: number): void {
    try {
      const times = [iso(a.raisedAt) as string, iso(a.ackedAt), a.ackedBy, iso(a.clearedAt), iso(a.escalatedAt)] as const;
      this.upsert.run(a.id, alarmName(a), a.kind, a.source, a.priority, a.state, ...times, JSON.stringify(a), new Date(now).toISOString());
    } catch (err) {
      throw new GatewayError("STORE_WRITE", `cannot store alarm ${alarmName(a)}`, { cause: err });
    }
  }

  /**
   * Every instance not cleared, oldest first, and how many rows this code cannot read: those are left
   * as they are for a person to look at. An unreadable alarm must not keep the gateway from starting.
   */
  open(): { alarms: AlarmInstance[]; unreadable: number } {
    const alarms: AlarmInstance[] = [];
    let unreadable = 0;
    for (const row of this.selectOpen.all()) {
      const parsed = StoredInstance.safeParse(parseJson(row.body));
      if (parsed.success) alarms.push(parsed.data);
      else unreadable++;
    }
    return { alarms, unreadable };
  }
}
