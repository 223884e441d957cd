import { join } from "node:path";
import { DrillStore } from "../../src/drills/drill-store.js";
import { openDatabase } from "../../src/store/database.js";
import { silentLogger } from "../../src/util/log.js";
import type { Cleanups } from "./cleanups.js";
import { tempDir } from "./temp-dir.js";

/** A drill store on a real SQLite file in a temp dir, closed after the test. */
export function drillStore(cleanups: Cleanups): DrillStore {
  const db = openDatabase(join(tempDir(cleanups, "drills-"), "gatehouse.db"), silentLogger());
  cleanups.push(() => {
    db.close();
  });
  return new DrillStore(db);
}
