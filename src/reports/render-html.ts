/**
 * A report as one self-contained HTML page: no script, no network, styles inline. Key figures and
 * plain-language headlines first, then a chart per section, tables folded away below. It fits a
 * phone: the charts scale with the screen and wide tables scroll inside their own box.
 */
import type { KeyFigure, Report, ReportSection } from "./model.js";
import { escapeHtml } from "./escape.js";
import { barChartSvg, timelineSvg } from "./svg-charts.js";

/** The page's one stylesheet, inline (the console admits exactly it by its hash to show a report). */
export const REPORT_STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#f5f6f8}
main{max-width:960px;margin:0 auto;padding:16px}h1{font-size:1.5rem;margin:0 0 4px}
.period{color:#555;margin:0 0 16px}.headlines{padding-left:1.2em}.headlines li{margin:4px 0}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;margin:16px 0}
.figure{background:#fff;border-radius:10px;padding:12px;box-shadow:0 1px 3px #0002}
.figure b{display:block;font-size:1.6rem}.figure span{color:#555;font-size:.9rem}.figure i{display:block;color:#555;font-size:.8rem}
section{background:#fff;border-radius:10px;padding:14px;margin:16px 0;box-shadow:0 1px 3px #0002}
section h2{margin:0 0 6px;font-size:1.2rem}.chart{width:100%;height:auto;display:block;margin:8px 0}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}
footer{color:#777;font-size:.8rem}`;

export function renderHtml(report: Report): string {
  const title = `${report.site.name}: security report`;
  const figures = report.sections.flatMap((s) => s.figures.slice(0, 2));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<p class="period">${report.period.from.slice(0, 10)} to ${lastDay(report.period.to)}</p>
<ul class="headlines">${report.sections.map((s) => `<li>${escapeHtml(s.headline)}</li>`).join("")}</ul>
<div class="figures">${figures.map(figureHtml).join("")}</div>
${report.sections.map((s) => sectionHtml(s, report)).join("\n")}
<footer>Site ${escapeHtml(report.site.id)}. Generated ${escapeHtml(report.generatedAt)}. Counts only: no names or badge numbers.</footer>
</main></body></html>
`;
}

function figureHtml(figure: KeyFigure): string {
  const unit = figure.unit === "seconds" ? " s" : figure.unit === "percent" ? "%" : "";
  const target = figure.target === undefined ? "" : `<i class="target">target ${escapeHtml(figure.target)}</i>`;
  return `<div class="figure"><b>${figure.value.toLocaleString("en-US")}${unit}</b><span>${escapeHtml(figure.label)}</span>${target}</div>`;
}

function sectionHtml(section: ReportSection, report: Report): string {
  const charts = section.charts.map((c) => (c.kind === "bars" ? (c.bars.length === 0 ? "" : barChartSvg(c)) : timelineSvg(c, report.period)));
  const tables = section.tables
    .filter((t) => t.rows.length > 0)
    .map(
      (t) =>
        `<details><summary>${escapeHtml(t.title)}</summary><div class="table"><table><thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>` +
        t.rows.map((r) => `<tr>${r.map((v) => (typeof v === "number" ? `<td class="n">${v.toLocaleString("en-US")}</td>` : `<td>${escapeHtml(v ?? "")}</td>`)).join("")}</tr>`).join("") +
        `</tbody></table></div></details>`,
    );
  // Figures held to targets are shown in their section, each target beside its figure.
  const targeted = section.figures.some((f) => f.target !== undefined) ? `<div class="figures">${section.figures.map(figureHtml).join("")}</div>` : "";
  return `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2><p>${escapeHtml(section.headline)}</p>${targeted}${charts.join("")}${tables.join("")}</section>`;
}

/** The last day the period covers ([from, to) ends at midnight of the day after). */
function lastDay(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
}
