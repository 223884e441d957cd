/**
 * The report worker thread: builds reports on its own read-only connection to the audit store, so
 * the main thread keeps deciding at the doors while a year's report is read. Started as a
 * background thread (see util/module-worker.ts): it runs on CPU time the doors do not want.
 */
import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import type { ReportAnswer, ReportCall, ReportSetup } from "./report-messages.js";
import { runReportJob } from "./report-job.js";

const setup = workerData as ReportSetup;
const port = parentPort;
let db: Database | null = null;

/** Opened on the first job: read-only, so a report cannot change the audit trail. */
function store(): Database {
  if (db === null) {
    db = new BetterSqlite3(setup.storePath, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
  }
  return db;
}

port?.on("message", (call: ReportCall) => {
  try {
    const done = runReportJob(store(), setup, call.job, call.now);
    port.postMessage({ id: call.id, ok: true, transaction: null, done } satisfies ReportAnswer);
  } catch (err) {
    port.postMessage({ id: call.id, ok: false, transaction: null, code: "report_failed", message: err instanceof Error ? err.message : String(err) } satisfies ReportAnswer);
  }
});
