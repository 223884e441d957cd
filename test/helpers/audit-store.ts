import { join } from "node:path";
import { openDatabase, type Database } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { KeyValue } from "../../src/store/kv.js";
import { silentLogger } from "../../src/util/log.js";
import type { Cleanups } from "./cleanups.js";
import { tempDir } from "./temp-dir.js";
import { appendRoutine } from "./uplink-harness.js";

/** An audit store in a temp dir, open for writing as the gateway holds it. */
export interface AuditStore {
  readonly dir: string;
  readonly path: string;
  readonly db: Database;
  readonly events: EventLog;
  readonly kv: KeyValue;
}

/** A store holding `count` routine events (seq 1..count, in batches of `batch`), closed after the test. */
export function auditStore(cleanups: Cleanups, count = 0, batch = 10): AuditStore {
  const dir = tempDir(cleanups, "gatehouse-audit-");
  const path = join(dir, "gatehouse.db");
  const db = openDatabase(path, silentLogger());
  cleanups.push(() => {
    if (db.open) db.close();
  });
  const events = new EventLog(db);
  appendRoutine(events, count, batch);
  return { dir, path, db, events, kv: new KeyValue(db) };
}
