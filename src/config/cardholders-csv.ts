import { readFileSync } from "node:fs";
import { KNOWN_FORMATS } from "../core/credential-index/credential-record.js";
import { Reported } from "./check-sections.js";
import { csvRecords, type CsvRecord } from "./csv.js";
import type { HolderEntries } from "./holders.js";
import { VALUE_NOT_SHOWN, type Location, type Problem } from "../source/problems.js";
import { didYouMeanKey, quoted } from "../util/suggest.js";

/**
 * Cardholders from a CSV export of the student information system (`cardholders_file`). The first
 * line names the columns, in any order; each further line is one cardholder, `cardholders.<n>` with
 * n counted from 0 at the second line. Lists (`access_groups`, `badges`) are separated by `;`.
 */

/** The columns a cardholders file may have; the first four are required. */
export const CSV_COLUMNS = ["id", "name", "role", "badges", "status", "valid_from", "valid_until", "access_groups", "pin", "extended_unlock"] as const;
const REQUIRED = 4;
const FORMATS: ReadonlySet<string> = new Set(KNOWN_FORMATS);
const BADGE_FORMS = "format:facility:number (h10301:123:45678), bits:0101… or digits:0004512345";

/** Cardholders read from a CSV file, and where each field of each came from. */
export interface CsvCardholders {
  /**
   * One entry per data line, read as it is asked for: a raw cardholder for the schema, or Reported
   * when the line could not be read (its problems are added to `problems` as it is read).
   */
  readonly holders: HolderEntries;
  /** The problems found so far: the header's at once, each line's as it is read. */
  readonly problems: Problem[];
  /** Where a `cardholders.…` path of a line already read is in the file: the line of the holder, the column of the field. */
  readonly locate: (path: readonly PropertyKey[]) => Location;
}

type Column = (typeof CSV_COLUMNS)[number];

function badgeOf(text: string): unknown {
  const [kind, ...rest] = text.split(":");
  if ((kind === "bits" || kind === "digits") && rest.length === 1) return { [kind]: rest[0] };
  if (kind === undefined || !FORMATS.has(kind) || rest.length !== 2) return undefined;
  // A number that is not plain decimal stays text, so the schema quotes it as written.
  const num = (s: string): number | string => (/^\d{1,15}$/.test(s) ? Number(s) : s);
  return { format: kind, facility: num(rest[0] ?? ""), number: num(rest[1] ?? "") };
}

function cell(column: Column, text: string): unknown {
  if (column === "access_groups") return text.split(";").map((s) => s.trim()).filter((s) => s !== "");
  if (column === "extended_unlock") return text === "true" ? true : text === "false" ? false : text;
  if (column === "badges") return text.split(";").map((s) => s.trim()).filter((s) => s !== "").map((b) => badgeOf(b) ?? b);
  return text;
}

/** Read the header: the column of each field, and a problem for each unknown or missing column. */
function header(record: CsvRecord, file: string, problems: Problem[]): (Column | undefined)[] {
  const known: ReadonlySet<string> = new Set(CSV_COLUMNS);
  const columns = record.fields.map((name, i): Column | undefined => {
    const trimmed = name.trim();
    if (known.has(trimmed)) return trimmed as Column;
    problems.push({ file, line: 1, col: i + 1, path: "", message: `unknown column "${name}"${didYouMeanKey(trimmed, CSV_COLUMNS)}` });
    return undefined;
  });
  for (const required of CSV_COLUMNS.slice(0, REQUIRED)) {
    if (!columns.includes(required)) problems.push({ file, line: 1, col: 1, path: "", message: `the header has no "${required}" column` });
  }
  return columns;
}

/** One data line as a raw cardholder (empty cells are left out, as unset keys). */
function holderOf(record: CsvRecord, columns: readonly (Column | undefined)[]): Record<string, unknown> {
  const holder: Record<string, unknown> = {};
  record.fields.forEach((text, i) => {
    const column = columns[i];
    if (column !== undefined && text !== "") holder[column] = cell(column, text);
  });
  return holder;
}

/** Read a cardholders CSV file: its header at once, its lines as `holders` is read. Never throws for bad content. */
export function readCardholdersCsv(path: string, file: string): CsvCardholders {
  const problems: Problem[] = [];
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    problems.push({ file, line: 1, col: 1, path: "cardholders_file", message: `cannot read cardholders file: ${(err as Error).message}` });
    return { holders: { entries: [], expected: 0 }, problems, locate: () => ({ file, line: 1, col: 1 }) };
  }
  const records = csvRecords(text);
  let columns: (Column | undefined)[] | undefined;
  while (columns === undefined) {
    const first = records.next();
    if (first.done === true) break;
    if (!isBlank(first.value)) columns = header(first.value, file, problems);
  }
  // The line each holder starts on; a typed array keeps 100k holders at 400 KB.
  let starts = new Int32Array(1024);
  let count = 0;
  function* entries(known: (Column | undefined)[]): Generator<unknown> {
    for (const record of records) {
      if (isBlank(record)) continue;
      const n = count;
      if (n === starts.length) starts = Int32Array.from({ length: n * 2 }, (_, i) => starts[i] ?? 0);
      starts[n] = record.lines[0] ?? 1;
      count++;
      const readable = checkRecord(record, known, file, n, problems);
      yield readable ? holderOf(record, known) : new Reported(record.fields[known.indexOf("id")]);
    }
  }
  const readable = columns !== undefined && problems.length === 0;
  // Every line is at most one holder: the count sizes the index without a first pass.
  const expected = readable ? lineCount(text) : 0;
  const holders = { entries: readable ? entries(columns ?? []) : [], expected };
  const colOf = (key: PropertyKey): number => (columns?.indexOf(String(key) as Column) ?? -1) + 1 || 1;
  const locate = (p: readonly PropertyKey[]): Location => {
    const index = typeof p[1] === "number" ? p[1] : Number(p[1]);
    if (!Number.isInteger(index) || index < 0 || index >= count) return { file, line: 1, col: 1 };
    return { file, line: starts[index] ?? 1, col: p.length > 2 ? colOf(p[2] ?? "") : 1 };
  };
  return { holders, problems, locate };
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

/** A blank line: no cardholder. */
function isBlank(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0] === "" && record.error === undefined;
}

/** Report what makes a data line unreadable (bad quoting, a wrong field count, a badge in no known form); true when it is readable. */
function checkRecord(record: CsvRecord, columns: readonly unknown[], file: string, n: number, problems: Problem[]): boolean {
  const line = record.lines[0] ?? 1;
  const before = problems.length;
  if (record.error !== undefined) {
    const at = record.lines[record.error.col - 1] ?? line;
    problems.push({ file, line: at, col: record.error.col, path: `cardholders.${n}`, message: record.error.message });
  } else if (record.fields.length !== columns.length) {
    const message = `${record.fields.length} fields, the header has ${columns.length}`;
    problems.push({ file, line, col: Math.min(record.fields.length, columns.length) + 1, path: `cardholders.${n}`, message });
  }
  const b = columns.indexOf("badges");
  for (const text of (record.fields[b] ?? "").split(";").map((s) => s.trim())) {
    if (text !== "" && badgeOf(text) === undefined) {
      problems.push({ file, line: record.lines[b] ?? line, col: b + 1, path: `cardholders.${n}.badges`, message: `a badge is not ${BADGE_FORMS} ${VALUE_NOT_SHOWN}` });
    }
  }
  return problems.length === before;
}
