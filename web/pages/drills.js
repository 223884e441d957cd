// @ts-check
/**
 * The school year's drills (retained state/drills), its past drills (request/drills list) and the
 * drill records seen since this page opened (event/drill, and the answers to request/drill): start
 * and end a drill held without a mode, and set a drill's type and who was present.
 */
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.js";
import { may } from "../routes.js";
import { formFields, said } from "../parts/said.js";

const STATUS = /** @type {Record<string, string>} */ ({ done: "Done", due: "Due", overdue: "OVERDUE" });
const TYPES = ["evacuation", "bus_evacuation", "severe_weather", "lockdown", "law_enforcement", "fire", "annual_review"];
const word = (/** @type {string} */ k) => k.replaceAll("_", " ");
/** A site-local day (YYYY-MM-DD) as the browser writes dates, the same day wherever the browser is. */
const day = (/** @type {string} */ d) => new Date(`${d}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: "UTC" });
const seconds = (/** @type {number} */ ms) => `${Math.round(ms / 1000)} s`;

/** A lockdown's time to secure in words; "" for a drill that measured none. */
function secured(/** @type {any} */ d) {
  if (d.secure_ms === undefined) return "";
  if (d.secure_ms !== null) return seconds(d.secure_ms);
  return d.secure_ms_at_most === undefined ? "not all doors secured" : `at most ${seconds(d.secure_ms_at_most)} (secured while the gateway was not running)`;
}

/** @param {{ drills: any[] }} props */
function PastDrills({ drills }) {
  if (drills.length === 0) return html`<p>No drill held this school year yet.</p>`;
  return html`<table class="pastdrills">
    <thead><tr><th scope="col">Type</th><th scope="col">Start</th><th scope="col">Time to secure</th></tr></thead>
    <tbody>${drills.map((d) => html`<tr key=${d.id} data-drill=${d.id}>
      <td>${word(d.type)}</td><td>${new Date(d.started_at).toLocaleString()}</td><td>${secured(d)}</td>
    </tr>`)}</tbody>
  </table>`;
}

/** @param {{ record: any }} props */
function DrillRecord({ record: d }) {
  return html`<li class="drillrec" data-drill=${d.drill_id ?? d.id}>
    <strong>${word(d.drill_type ?? d.type)}</strong>, ${new Date(d.started_at).toLocaleString()}${d.ended_at ? ` to ${new Date(d.ended_at).toLocaleTimeString()}` : " (running)"}
    ${d.participants.length > 0 ? html`<br />Present: ${d.participants.map(word).join(", ")}` : null}
    ${d.secure_ms !== undefined ? html`<br />Time to secure: ${secured(d)}` : null}
    ${d.unsecured?.length > 0 ? html`<br />Unsecured doors: ${d.unsecured.map((/** @type {any} */ u) => `${u.door} (${u.missing.join(", ")})`).join("; ")}` : null}
  </li>`;
}

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState, info: any }} props */
export function Page({ live, state, info }) {
  const [message, say] = useState("");
  const [mine, setMine] = useState(/** @type {Record<string, any>} */ ({}));
  const [asked, setAsked] = useState(/** @type {any} */ (null));
  const [past, setPast] = useState(/** @type {any[] | null} */ (null));
  const keeps = may(info.user.requests, "drill");
  const reads = may(info.user.requests, "drills");
  useEffect(() => void live.request("drills", {}).then((r) => (r.status === "ok" ? setAsked(r.data) : say(said(r, "")))), []);
  const c = state.drills ?? asked;
  const records = Object.values({ ...state.drillRecords, ...mine }).sort((a, b) => b.started_at.localeCompare(a.started_at));
  const running = records.find((d) => d.ended_at === null);
  // The year's past drills: asked again whenever a drill seen here ends.
  const ended = records.filter((d) => d.ended_at !== null).length;
  useEffect(() => {
    if (reads) void live.request("drills", { action: "list", limit: 100 }).then((r) => r.status === "ok" && setPast(r.data.drills));
  }, [reads, ended]);
  const send = async (/** @type {object} */ body, /** @type {string} */ done) => {
    const r = await live.request("drill", body);
    if (r.status === "ok") setMine((m) => ({ ...m, [r.data.drill.id]: { ...r.data.drill, drill_id: r.data.drill.id, drill_type: r.data.drill.type } }));
    say(said(r, done));
  };
  /** @param {SubmitEvent} ev */
  const update = (ev) => {
    const f = formFields(ev);
    const participants = ["fire_department", "law_enforcement"].filter((p) => f[p] === "on");
    void send({ action: "update", type: f.type, participants, ...(f.notes ? { notes: f.notes } : {}) }, "Drill updated.");
  };
  return html`<div>
    <p class="result" role="status">${message}</p>
    ${c === null ? html`<p>No drill requirements for this site.</p>` : html`<section aria-labelledby="year-title">
      <h2 id="year-title">School year ${c.year} (${c.profile}): ${c.done} done, ${c.due} due, ${c.overdue} overdue</h2>
      <ul class="reqs">${c.requirements.map((/** @type {any} */ q) => html`<li class=${`req req--${q.status}`} data-req=${q.id}>
        <span class="req__status">${STATUS[q.status] ?? q.status}</span> ${word(q.id)}: ${q.held} of ${q.count} held${q.status === "done" ? "" : `, by ${day(q.last_day)}`}
      </li>`)}</ul>
    </section>`}
    ${keeps ? html`<section aria-labelledby="run-title">
      <h2 id="run-title">${running ? `Drill running: ${word(running.drill_type)}` : "Drill without a mode"}</h2>
      <form class="form" onSubmit=${running ? update : (/** @type {SubmitEvent} */ ev) => void send({ action: "start", type: formFields(ev).type }, "Drill started.")}>
        <label for="drill-type">Type</label>
        <select id="drill-type" name="type">${TYPES.map((t) => html`<option value=${t} selected=${running?.drill_type === t}>${word(t)}</option>`)}</select>
        ${running ? html`<fieldset><legend>Present</legend>
          <label><input type="checkbox" name="fire_department" checked=${running.participants.includes("fire_department")} /> Fire department</label>
          <label><input type="checkbox" name="law_enforcement" checked=${running.participants.includes("law_enforcement")} /> Law enforcement</label>
        </fieldset>
        <label for="drill-notes">Notes (optional)</label><input id="drill-notes" name="notes" maxlength="2000" />` : null}
        <div class="row">
          <button type="submit">${running ? "Save" : "Start drill"}</button>
          ${running ? html`<button type="button" onClick=${() => send({ action: "end" }, "Drill ended.")}>End drill</button>` : null}
        </div>
      </form>
    </section>` : null}
    ${past === null ? null : html`<section aria-labelledby="past-title">
      <h2 id="past-title">Past drills${c === null ? "" : `, school year ${c.year}`}</h2>
      <${PastDrills} drills=${past} />
    </section>`}
    <h2>Drill records</h2>
    ${records.length === 0 ? html`<p>No drill since this page opened.</p>` : html`<ul class="drillrecs">${records.map((d) => html`<${DrillRecord} key=${d.drill_id} record=${d} />`)}</ul>`}
  </div>`;
}
