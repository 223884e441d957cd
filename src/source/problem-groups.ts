import type { Problem } from "./problems.js";

/**
 * A report of many problems kept readable: one bad column of a 20,000-line export is one mistake,
 * not 20,000 lines. Problems of one kind (the same field in different entries, with the same message
 * but for the values in it) are shown a few times and then counted, and the report as a whole stops
 * at a number of lines whatever the input.
 */

/** How much of a report is shown. */
export interface ReportLimits {
  /** Problems of one kind shown before the rest of that kind are counted in one line. */
  readonly perKind: number;
  /** Most lines in all, the last of them counting what was left out. */
  readonly maxLines: number;
}

export const REPORT_LIMITS: ReportLimits = { perKind: 5, maxLines: 200 };

/** `cardholders.*.role` from `cardholders.1232.role`: the field whatever the entry. */
export function pathPattern(path: string): string {
  return path.replace(/(^|\.)\d+(?=\.|$)/g, "$1*");
}

/** The message without the values in it: quoted values, numbers and a "did you mean" left out. */
function messageShape(message: string): string {
  return message
    .replace(/ \(did you mean "(?:[^"\\]|\\.)*"\?\)/g, "")
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+/g, "#");
}

function kindOf(p: Problem): string {
  return `${pathPattern(p.path)}\u0000${messageShape(p.message)}`;
}

/**
 * The lines reporting problems (in their order), each formatted by `format`: the first
 * `limits.perKind` of each kind, then "… and N more like this (pattern)"; past `limits.maxLines`
 * lines, one last line counts the problems not shown. `noun` names them in that line ("problem").
 */
export function reportLines(problems: readonly Problem[], format: (p: Problem) => string, noun: string, limits: ReportLimits = REPORT_LIMITS): string[] {
  const kinds = problems.map(kindOf);
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const shown = new Map<string, number>();
  const lines: string[] = [];
  let accounted = 0;
  for (const [i, p] of problems.entries()) {
    const kind = kinds[i] ?? "";
    const before = shown.get(kind) ?? 0;
    if (before >= limits.perKind) continue;
    const count = counts.get(kind) ?? 0;
    const rest = before + 1 === limits.perKind ? count - limits.perKind : 0;
    // One line is kept for counting what is left out, unless these lines account for the last.
    const last = accounted + 1 + rest === problems.length;
    if (lines.length + (rest > 0 ? 2 : 1) > limits.maxLines - (last ? 0 : 1)) break;
    lines.push(format(p));
    shown.set(kind, before + 1);
    accounted += 1 + rest;
    if (rest > 0) lines.push(`… and ${rest} more like this (${pathPattern(p.path) || "the same message"})`);
  }
  const left = problems.length - accounted;
  if (left > 0) lines.push(`… and ${left} more ${noun}${left === 1 ? "" : "s"} not shown; fix these first`);
  return lines;
}
