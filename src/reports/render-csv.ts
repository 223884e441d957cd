/** A report as CSV: one line per table row, led by its section and table, so a spreadsheet can filter. */
import type { Report } from "./model.js";

export function renderCsv(report: Report): string {
  const lines = [["section", "table", "row", "column", "value"].join(",")];
  for (const section of report.sections) {
    for (const figure of section.figures) {
      lines.push(csvLine([section.id, "key figures", figure.label, figure.unit ?? "count", figure.value]));
      if (figure.target !== undefined) lines.push(csvLine([section.id, "key figures", figure.label, "target", figure.target]));
    }
    for (const table of section.tables) {
      for (const row of table.rows) {
        const name = String(row[0] ?? "");
        table.columns.slice(1).forEach((column, i) => lines.push(csvLine([section.id, table.title, name, column, row[i + 1] ?? null])));
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/** One CSV line of cells. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return cells.map(cell).join(",");
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is led by a quote mark. */
function cell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
