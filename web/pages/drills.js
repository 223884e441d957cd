// @ts-check
/**
 * The school year's drills (retained state/drills) and the drill records seen since this page
 * opened (event/drill, and the answers to request/drill): start and end a drill held without a
 * mode, and set a drill's type and who was present.
 */
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.js";
import { may } from "../routes.js";
import { formFields, said } from "../parts/said.js";

const STATUS = /** @type {Record<string, string>} */ ({ done: "Done", due: "Due", overdue: "OVERDUE" });
const TYPES = ["evacuation", "bus_evacuation", "severe_weather", "lockdown", "law_enforcement", "fire", "annual_review"];
const word = (/** @type {string} */ k) => k.replaceAll("_", " ");
// A deadline is exclusive and days count in UTC: the last day is the UTC day before it, wherever the page is.
const lastDay = (/** @type {string} */ t) => new Date(Date.parse(t) - 1).toLocaleDateString(undefined, { timeZone: "UTC" });

/** @param {{ record: any }} props */
function DrillRecord({ record: d }) {
  return html`<li class="drillrec" data-drill=${d.drill_id ?? d.id}>
    <strong>${word(d.drill_type ?? d.type)}</strong>, ${new Date(d.started_at).toLocaleString()}${d.ended_at ? ` to ${new Date(d.ended_at).toLocaleTimeString()}` : " (running)"}
    ${d.participants.length > 0 ? html`<br />Present: ${d.participants.map(word).join(", ")}` : null}
    ${d.secure_ms !== undefined ? html`<br />Time to secure: ${d.secure_ms === null ? "not all doors secured" : `${Math.round(d.secure_ms / 1000)} s`}` : null}
    ${d.unsecured?.length > 0 ? html`<br />Unsecured doors: ${d.unsecured.map((/** @type {any} */ u) => `${u.door} (${u.missing.join(", ")})`).join("; ")}` : null}
  </li>`;
}

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState, info: any }} props */
export function Page({ live, state, info }) {
  const [message, say] = useState("");
  const [mine, setMine] = useState(/** @type {Record<string, any>} */ ({}));
  const [asked, setAsked] = useState(/** @type {any} */ (null));
  const keeps = may(info.user.requests, "drill");
  useEffect(() => void live.request("drills", {}).then((r) => (r.status === "ok" ? setAsked(r.data) : say(said(r, "")))), []);
  const c = state.drills ?? asked;
  const records = Object.values({ ...state.drillRecords, ...mine }).sort((a, b) => b.started_at.localeCompare(a.started_at));
  const running = records.find((d) => d.ended_at === null);
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
        <span class="req__status">${STATUS[q.status] ?? q.status}</span> ${word(q.id)}: ${q.held} of ${q.count} held${q.status === "done" ? "" : `, by ${lastDay(q.deadline)}`}
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
    <h2>Drill records</h2>
    ${records.length === 0 ? html`<p>No drill since this page opened.</p>` : html`<ul class="drillrecs">${records.map((d) => html`<${DrillRecord} key=${d.drill_id} record=${d} />`)}</ul>`}
  </div>`;
}
