import Database from "better-sqlite3";

/** What a killed gateway's store says, and what is wrong with it. */
export interface StoreFindings {
  readonly problems: string[];
  /** The mode the store last committed (`normal` when none). */
  readonly mode: string;
  readonly events: number;
}

/** The integrity check of a SQLite file ("ok" when sound). */
export function integrityOf(path: string): string {
  const db = new Database(path);
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

/** Ids and seqs of the events a subscriber saw before the kill. */
export type SeenEvents = ReadonlyMap<string, number>;

function committedMode(db: Database.Database, problems: string[]): string {
  const kv = db.prepare("select value from kv where key = 'safety.state'").get() as { value: string } | undefined;
  const stored = kv === undefined ? "normal" : (JSON.parse(kv.value) as { mode: string }).mode;
  const last = db.prepare("select body from events where type = 'mode' order by seq desc limit 1").get() as { body: string } | undefined;
  if (last !== undefined) {
    const e = JSON.parse(last.body) as { action: string; mode: string };
    const fromLog = e.action === "raised" ? e.mode : "normal";
    if (fromLog !== stored) problems.push(`stored mode ${stored} but the last mode event says ${fromLog}`);
  }
  return stored;
}

/**
 * Check a store as a kill -9 left it: the database passes its integrity check, `seq` has no gap, and
 * every event that a subscriber saw is stored with the seq it was published with.
 */
export function checkStore(path: string, seen: SeenEvents): StoreFindings {
  const problems: string[] = [];
  const db = new Database(path);
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
    const span = db.prepare("select count(*) as n, min(seq) as lo, max(seq) as hi from events").get() as { n: number; lo: number | null; hi: number | null };
    if (span.n > 0 && (span.lo !== 1 || span.hi !== span.n)) problems.push(`seq not contiguous: ${span.n} events span ${span.lo}..${span.hi}`);
    const bySeq = db.prepare("select seq from events where id = ?").pluck();
    let missing = 0;
    for (const [id, seq] of seen) {
      const stored = bySeq.get(id) as number | undefined;
      if (stored !== seq) missing++;
    }
    if (missing > 0) problems.push(`${missing} of ${seen.size} events a subscriber saw are not stored as seen`);
    return { problems, mode: committedMode(db, problems), events: span.n };
  } finally {
    db.close();
  }
}
