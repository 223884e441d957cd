/**
 * `gatehouse report`: a report over a period of the site's audit store, written on stdout or to a
 * file, in JSON, CSV or a self-contained HTML page. Reads the store the running gateway writes.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase } from "../store/database.js";
import { buildReport } from "../reports/build.js";
import { periodOfDays } from "../reports/period.js";
import { isReportFormat, renderReport, REPORT_FORMATS } from "../reports/render.js";
import { REPORT_SECTIONS } from "../reports/sections.js";
import { silentLogger } from "../util/log.js";
import type { ToolIo } from "./sign-command.js";
import { existingStore, loadToolSite, SITE_OPTIONS } from "./tool-site.js";

export const REPORT_USAGE = `gatehouse report --config <dir> [--data-dir <dir>] --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--format ${REPORT_FORMATS.join("|")}] [--out <file>]`;

const OPTIONS = {
  ...SITE_OPTIONS,
  from: { type: "string" },
  to: { type: "string" },
  format: { type: "string", default: "html" },
  out: { type: "string" },
} as const;

export async function runReport(args: string[], io: ToolIo, now: () => number = Date.now): Promise<number> {
  const bad = (message: string): number => (io.error(`gatehouse report: ${message}\nusage: ${REPORT_USAGE}\n`), 2);
  let values;
  try {
    values = parseArgs({ args, options: OPTIONS }).values;
  } catch (err) {
    return bad((err as Error).message);
  }
  const { config, from, to, format, out } = values;
  if (config === undefined || from === undefined || to === undefined) return bad("--config, --from and --to are required");
  if (!isReportFormat(format)) return bad(`--format is one of ${REPORT_FORMATS.join(", ")}`);
  let period;
  try {
    period = periodOfDays(from, to);
  } catch (err) {
    return bad((err as Error).message);
  }
  const model = loadToolSite("report", config, values, io);
  if (model === null) return 1;
  const { site } = model;
  const logPath = existingStore("report", model, io);
  if (logPath === null) return 1;
  const db = openDatabase(logPath, silentLogger());
  try {
    const text = renderReport(buildReport({ db, site: { id: site.id, name: site.name }, period, now: now(), sections: REPORT_SECTIONS }), format);
    if (out === undefined) io.write(text);
    else writeFileSync(out, text);
  } finally {
    db.close();
  }
  return 0;
}
