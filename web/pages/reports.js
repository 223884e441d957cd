// @ts-check
/**
 * Reports (request/report): pick a period and a format; an HTML report is shown in a sandboxed
 * frame, and any report can be saved. The report travels in the answer only: the frame and the
 * download read it from a blob, so nothing of it is ever in an address.
 */
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.js";
import { formFields, said } from "../parts/said.js";

const TYPES = /** @type {Record<string, string>} */ ({ html: "text/html", csv: "text/csv", json: "application/json" });
/** The gateway stops a report after two minutes; its answer may take that long. */
const REPORT_WAIT_MS = 130_000;
const isoDay = (/** @type {number} */ t) => new Date(t).toISOString().slice(0, 10);

/** @param {{ live: import("../live.js").Live }} props */
export function Page({ live }) {
  const [message, say] = useState("");
  const [report, setReport] = useState(/** @type {{ url: string, format: string, name: string } | null} */ (null));
  useEffect(() => () => void (report && URL.revokeObjectURL(report.url)), [report]);
  /** @param {SubmitEvent} ev */
  const ask = async (ev) => {
    const f = formFields(ev);
    say("Building the report…");
    const r = await live.request("report", { from: f.from, to: f.to, format: f.format }, REPORT_WAIT_MS);
    if (r.status !== "ok") return say(said(r, ""));
    if (typeof r.data.content !== "string") return say(`The report is too large to show here (${r.data.bytes} bytes); the gateway kept it at ${r.data.path}.`);
    const url = URL.createObjectURL(new Blob([r.data.content], { type: TYPES[r.data.format] }));
    setReport({ url, format: r.data.format, name: `report-${r.data.from}-${r.data.to}.${r.data.format}` });
    say(`Report ready (${r.data.bytes} bytes).`);
  };
  const today = Date.now();
  return html`<div>
    <form class="form" onSubmit=${ask}>
      <label for="rep-from">From</label><input id="rep-from" name="from" type="date" required defaultValue=${isoDay(today - 6 * 86_400_000)} />
      <label for="rep-to">To</label><input id="rep-to" name="to" type="date" required defaultValue=${isoDay(today)} />
      <label for="rep-format">Format</label>
      <select id="rep-format" name="format"><option value="html">Web page (HTML)</option><option value="csv">Spreadsheet (CSV)</option><option value="json">Data (JSON)</option></select>
      <button type="submit">Make report</button>
    </form>
    <p class="result" role="status">${message}</p>
    ${report ? html`<p><a class="download" href=${report.url} download=${report.name}>Download ${report.name}</a></p>` : null}
    ${report?.format === "html" ? html`<iframe class="report" title="The report" sandbox="" src=${report.url}></iframe>` : null}
  </div>`;
}
