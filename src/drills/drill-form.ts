// A drill record in the shape of the state's drill documentation form, as CSV or a printable HTML page.
import { escapeHtml } from "../reports/escape.js";
import { csvLine } from "../reports/render-csv.js";
import type { DrillRecord } from "./drill-store.js";
import { detailOf, type DrillDetail } from "./drill-wire.js";
import { FORM_VALUES, type DrillForm, type FormValue, type Profile } from "./profile.js";

export const FORM_FORMATS = ["csv", "html"] as const;
export type FormFormat = (typeof FORM_FORMATS)[number];

/** The school the record belongs to, for the form's heading and its `school` field. */
export interface FormSite {
  readonly name: string;
  readonly timezone: string;
}

/** A profile without a form of its own gets every field under its plain name. */
function formOf(profile: Profile): DrillForm {
  const label = (v: FormValue) => v.charAt(0).toUpperCase() + v.slice(1).replaceAll("_", " ");
  return profile.form ?? { title: `${profile.name}: drill record`, fields: FORM_VALUES.map((value) => ({ label: label(value), value })), signatures: [] };
}

const human = (text: string): string => text.replaceAll("_", " ");
const yesNo = (b: boolean): string => (b ? "yes" : "no");

function local(t: number, tz: string, part: "date" | "time"): string {
  const opts: Intl.DateTimeFormatOptions =
    part === "date" ? { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" } : { timeZone: tz, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
  return new Intl.DateTimeFormat(part === "date" ? "en-CA" : "en-GB", opts).format(t);
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

function secureText(d: DrillDetail): string {
  if (d.secure_ms === undefined) return "not measured";
  if (d.secure_ms !== null) return `${(d.secure_ms / 1000).toFixed(1)} s`;
  if (d.secure_ms_at_most === undefined) return "not all doors secured";
  return `at most ${(d.secure_ms_at_most / 1000).toFixed(1)} s: ${d.secure_note ?? "secured while the gateway was not running"}`;
}

/** The value of one form field for a record. */
function valueOf(v: FormValue, r: DrillRecord, site: FormSite): string {
  const d = detailOf(r);
  switch (v) {
    case "school":
      return site.name;
    case "date":
      return local(r.startedAt, site.timezone, "date");
    case "start_time":
      return local(r.startedAt, site.timezone, "time");
    case "end_time":
      return r.endedAt === null ? "not ended" : local(r.endedAt, site.timezone, "time");
    case "duration":
      return r.endedAt === null ? "" : duration(r.endedAt - r.startedAt);
    case "drill_type":
      return human(r.type);
    case "fire_department_present":
      return yesNo(r.participants.includes("fire_department"));
    case "law_enforcement_present":
      return yesNo(r.participants.includes("law_enforcement"));
    case "started_by":
      return r.startedBy;
    case "ended_by":
      return r.endedBy ?? "";
    case "time_to_secure":
      return secureText(d);
    case "unsecured_doors":
      return d.unsecured === undefined ? "" : d.unsecured.length === 0 ? "none" : d.unsecured.map((u) => `${u.door} (${u.missing.join(", ")})`).join("; ");
    case "observations":
      return r.notes;
  }
}

/** The form's fields filled in from a record, in the form's order. */
export function formRows(profile: Profile, r: DrillRecord, site: FormSite): { title: string; rows: { label: string; value: string }[]; signatures: string[] } {
  const form = formOf(profile);
  return { title: form.title, rows: form.fields.map((f) => ({ label: f.label, value: valueOf(f.value, r, site) })), signatures: form.signatures };
}

/** The filled-in form: CSV (`field,value`, a blank value per signature line) or a self-contained HTML page. */
export function renderForm(profile: Profile, r: DrillRecord, site: FormSite, format: FormFormat): string {
  const { title, rows, signatures } = formRows(profile, r, site);
  if (format === "csv") {
    const lines = [csvLine(["field", "value"]), ...rows.map((row) => csvLine([row.label, row.value])), ...signatures.map((s) => csvLine([`Signature: ${s}`, ""]))];
    return `${lines.join("\n")}\n`;
  }
  const cells = rows.map((row) => `<tr><th>${escapeHtml(row.label)}</th><td>${escapeHtml(row.value)}</td></tr>`).join("\n");
  const signs = signatures.map((s) => `<p class="sign">${escapeHtml(s)}: <span></span> Date: <span></span></p>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.4em .6em;text-align:left;vertical-align:top}th{width:16em}.sign span{display:inline-block;border-bottom:1px solid #000;width:16em;margin-right:2em}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>Drill record ${r.id}, ${escapeHtml(site.name)}</p>
<table>
${cells}
</table>
${signs}
</body></html>
`;
}
