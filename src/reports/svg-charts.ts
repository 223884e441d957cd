/**
 * Inline SVG charts for the HTML report: they scale to the width of the screen (a viewBox, no fixed
 * width) and carry their figures as text, so they read without any script or network.
 */
import type { BarChart, TimelineChart } from "./model.js";
import { escapeHtml } from "./escape.js";

/** Series colours, readable for the common colour blindnesses (Okabe–Ito). */
const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#e69f00", "#cc79a7", "#56b4e9"];

const MODE_COLOURS: Record<string, string> = { normal: "#c8e6c9", lockdown: "#d32f2f", secure: "#f57c00", shelter: "#7b1fa2", evacuate: "#1976d2" };

const WIDTH = 600;
const ROW = 26;
const LABEL = 150;

/** Horizontal stacked bars, one row per label, with the total at the end of each bar. */
export function barChartSvg(chart: BarChart): string {
  const max = Math.max(1, ...chart.bars.map((b) => b.values.reduce((a, v) => a + v, 0)));
  const plot = WIDTH - LABEL - 70;
  const height = chart.bars.length * ROW + 30;
  const rows = chart.bars.map((bar, i) => {
    const y = i * ROW;
    let x = LABEL;
    const rects = bar.values.map((v, s) => {
      const w = (v / max) * plot;
      const rect = `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${COLOURS[s % COLOURS.length]}"><title>${escapeHtml(chart.series[s] ?? "")}: ${v}</title></rect>`;
      x += w;
      return rect;
    });
    const total = bar.values.reduce((a, v) => a + v, 0);
    return (
      `<text x="${LABEL - 6}" y="${y + ROW / 2 + 5}" text-anchor="end">${escapeHtml(shorten(bar.label.replaceAll("_", " ")))}</text>` +
      rects.join("") +
      `<text x="${(x + 6).toFixed(1)}" y="${y + ROW / 2 + 5}">${total.toLocaleString("en-US")}</text>`
    );
  });
  const legend = chart.series.length < 2 ? "" : chart.series
    .map((s, i) => `<rect x="${LABEL + i * 130}" y="${height - 18}" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${LABEL + i * 130 + 18}" y="${height - 8}">${escapeHtml(s.replaceAll("_", " "))}</text>`)
    .join("");
  return svg(chart.title, height, rows.join("") + legend);
}

/** Modes as coloured bands along the period, drills hatched, with the start and end dates. */
export function timelineSvg(chart: TimelineChart, period: { from: string; to: string }): string {
  const start = Date.parse(period.from);
  const span = Math.max(1, Date.parse(period.to) - start);
  const x = (iso: string): number => ((Date.parse(iso) - start) / span) * (WIDTH - 20) + 10;
  const bands = chart.spans.map((s) => {
    const left = x(s.from);
    const w = Math.max(1.5, x(s.to) - left);
    const fill = MODE_COLOURS[s.label] ?? "#9e9e9e";
    return `<rect x="${left.toFixed(1)}" y="10" width="${w.toFixed(1)}" height="40" fill="${fill}"${s.drill ? ' fill-opacity="0.5" stroke="#333" stroke-dasharray="2"' : ""}><title>${escapeHtml(s.label)}${s.drill ? " (drill)" : ""}: ${escapeHtml(s.from)} to ${escapeHtml(s.to)}</title></rect>`;
  });
  const labels = [...new Set(chart.spans.map((s) => s.label))];
  const legend = labels
    .map((l, i) => `<rect x="${10 + i * 110}" y="78" width="12" height="12" fill="${MODE_COLOURS[l] ?? "#9e9e9e"}"/><text x="${28 + i * 110}" y="88">${escapeHtml(l)}</text>`)
    .join("");
  const base = chart.spans.length === 0 ? `<rect x="10" y="10" width="${WIDTH - 20}" height="40" fill="${MODE_COLOURS.normal}"/>` : "";
  const dates = `<text x="10" y="68">${period.from.slice(0, 10)}</text><text x="${WIDTH - 10}" y="68" text-anchor="end">${period.to.slice(0, 10)}</text>`;
  return svg(chart.title, 96, base + bands.join("") + dates + legend);
}

function svg(title: string, height: number, body: string): string {
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(title)}" ` +
    `xmlns="http://www.w3.org/2000/svg" font-size="13" font-family="system-ui, sans-serif">` +
    `<title>${escapeHtml(title)}</title>${body}</svg>`
  );
}

function shorten(label: string): string {
  return label.length > 20 ? `${label.slice(0, 19)}…` : label;
}
