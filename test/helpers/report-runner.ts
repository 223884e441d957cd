import { dirname, join } from "node:path";
import { ReportRunner } from "../../src/reports/report-runner.js";
import { silentLogger } from "../../src/util/log.js";
import type { Cleanups } from "./cleanups.js";
import type { ManualTimers } from "./manual-timers.js";
import { reportStore, schoolDay } from "./report-store.js";

/** A real store holding one school day, and a report runner (the real worker, started on its first job) writing to its `reports/`. */
export function reportRunner(cleanups: Cleanups, timers: ManualTimers, limitMs?: number) {
  const { db, add } = reportStore(cleanups);
  schoolDay(add);
  const dir = join(dirname(db.name), "reports");
  const setup = { storePath: db.name, dir, site: { id: "lincoln-hs", name: "Lincoln High" } };
  const runner = new ReportRunner(setup, silentLogger(), timers, limitMs);
  cleanups.push(() => runner.close());
  return { db, add, dir, setup, runner };
}
