/**
 * `gatehouse drills`: a school year's drills against the state profile (done, due with the deadline,
 * overdue) from the site's store, or one drill record in the shape of the state's drill form.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { DrillsStatePayload } from "../bus/drill-payloads.js";
import { yearCompliance } from "../drills/compliance-watch.js";
import { FORM_FORMATS, renderForm, type FormFormat } from "../drills/drill-form.js";
import { DrillStore } from "../drills/drill-store.js";
import { yearAt, yearNamed } from "../drills/drills-model.js";
import { openDatabase } from "../store/database.js";
import { silentLogger } from "../util/log.js";
import type { ToolIo } from "./sign-command.js";
import { existingStore, loadToolSite, SITE_OPTIONS } from "./tool-site.js";

export const DRILLS_USAGE = `gatehouse drills --config <dir> [--data-dir <dir>] [--year <YYYY-YY>] [--format text|json]
       gatehouse drills --config <dir> [--data-dir <dir>] --export <drill id> [--format ${FORM_FORMATS.join("|")}] [--out <file>]`;

const OPTIONS = {
  ...SITE_OPTIONS,
  year: { type: "string" },
  format: { type: "string" },
  export: { type: "string" },
  out: { type: "string" },
} as const;

const ORDER = { overdue: 0, due: 1, done: 2 } as const;

function textOf(site: string, profile: string, state: DrillsStatePayload): string {
  const rows = [...state.requirements].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const width = Math.max(...rows.map((r) => r.id.length));
  const lines = rows.map((r) => `${r.status.padEnd(8)} ${r.id.padEnd(width)}  ${r.held}/${r.count}  by ${r.last_day}`);
  return [`${site}: ${profile}, school year ${state.year}`, `${state.done} done, ${state.due} due, ${state.overdue} overdue`, ...lines, ""].join("\n");
}

export async function runDrills(args: string[], io: ToolIo, now: () => number = Date.now): Promise<number> {
  const bad = (message: string): number => (io.error(`gatehouse drills: ${message}\nusage: ${DRILLS_USAGE}\n`), 2);
  let values;
  try {
    values = parseArgs({ args, options: OPTIONS }).values;
  } catch (err) {
    return bad((err as Error).message);
  }
  if (values.config === undefined) return bad("--config is required");
  const exporting = values.export !== undefined;
  const format = values.format ?? (exporting ? "html" : "text");
  const formats: readonly string[] = exporting ? FORM_FORMATS : ["text", "json"];
  if (!formats.includes(format)) return bad(`--format is one of ${formats.join(", ")}`);
  const id = Number(values.export);
  if (exporting && !(Number.isInteger(id) && id > 0)) return bad("--export takes a drill id");
  const model = loadToolSite("drills", values.config, values, io);
  if (model === null) return 1;
  const { site, drills } = model;
  if (drills === undefined || drills === null) {
    io.error("gatehouse drills: the site has no drills section (profile and school years)\n");
    return 1;
  }
  const logPath = existingStore("drills", model, io);
  if (logPath === null) return 1;
  const db = openDatabase(logPath, silentLogger());
  try {
    const store = new DrillStore(db);
    if (exporting) {
      const record = store.get(id);
      if (record === undefined) return (io.error(`gatehouse drills: no drill ${id}\n`), 1);
      const text = renderForm(drills.profile, record, site, format as FormFormat);
      if (values.out === undefined) io.write(text);
      else writeFileSync(values.out, text);
      return 0;
    }
    const year = values.year === undefined ? yearAt(drills, now()) : yearNamed(drills, values.year);
    if (year === undefined) return (io.error(`gatehouse drills: the site lists no school year ${values.year ?? ""}\n`), 1);
    const state = yearCompliance(drills, store, year, now());
    io.write(format === "json" ? `${JSON.stringify(state, null, 2)}\n` : textOf(site.name, drills.profile.name, state));
    return 0;
  } finally {
    db.close();
  }
}
