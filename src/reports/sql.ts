/** Small helpers shared by the section builders' queries. */
import type { ReportContext } from "./model.js";

/** Bind parameters for a period: `@from` and `@to`. */
export function periodParams(ctx: ReportContext): { from: string; to: string } {
  return { from: ctx.period.from, to: ctx.period.to };
}

/** `n thing` or `n things`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** Rows of `{ key, series, n }` as bars: one bar per key, one value per series, biggest first. */
export function toBars(
  rows: readonly { key: string; series: string; n: number }[],
  series: readonly string[],
  limit = 20,
): { label: string; values: number[] }[] {
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const values = byKey.get(row.key) ?? series.map(() => 0);
    const index = series.indexOf(row.series);
    if (index >= 0) values[index] = (values[index] ?? 0) + row.n;
    byKey.set(row.key, values);
  }
  const total = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  return [...byKey]
    .map(([label, values]) => ({ label, values }))
    .sort((a, b) => total(b.values) - total(a.values) || a.label.localeCompare(b.label))
    .slice(0, limit);
}
