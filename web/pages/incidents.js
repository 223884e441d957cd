// @ts-check
/**
 * Incident records (request/incident): the list, a form to open one, and for the one chosen its
 * history with update, close and reopen. Narratives and people come only in this user's answers.
 */
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.js";
import { may } from "../routes.js";
import { formFields, idList, said } from "../parts/said.js";

const KINDS = ["intrusion", "fight", "medical", "weapon", "threat", "vandalism", "theft", "unauthorized_visitor", "safety_drill_issue", "alarm_response", "other"];
const word = (/** @type {string} */ k) => k.replaceAll("_", " ");
const when = (/** @type {string | null} */ t) => (t === null ? "" : new Date(t).toLocaleString());

/** The fields an open form sends. @param {Record<string, any>} f */
function incidentBody(f) {
  const cardholders = idList(f.cardholders);
  const visitors = idList(f.visitors);
  const alarms = idList(f.alarms);
  return {
    kind: f.kind,
    place: f.place,
    occurred_at: new Date(f.occurred_at).toISOString(),
    narrative: f.narrative,
    ...(cardholders.length + visitors.length > 0 ? { people: { cardholders, visitors } } : {}),
    ...(alarms.length > 0 ? { alarms } : {}),
  };
}

/** @param {{ onSubmit: (ev: SubmitEvent) => void }} props */
function OpenForm({ onSubmit }) {
  const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  return html`<form class="form" onSubmit=${onSubmit} aria-labelledby="open-title">
    <h2 id="open-title">Open an incident</h2>
    <label for="inc-kind">Kind</label>
    <select id="inc-kind" name="kind">${KINDS.map((k) => html`<option value=${k}>${word(k)}</option>`)}</select>
    <label for="inc-place">Place</label><input id="inc-place" name="place" required maxlength="80" />
    <label for="inc-when">When</label><input id="inc-when" name="occurred_at" type="datetime-local" required defaultValue=${now} />
    <label for="inc-story">Narrative</label><textarea id="inc-story" name="narrative" required maxlength="8000" rows="4"></textarea>
    <label for="inc-card">Cardholder ids (optional)</label><input id="inc-card" name="cardholders" />
    <label for="inc-vis">Visitor ids (optional)</label><input id="inc-vis" name="visitors" />
    <label for="inc-alarms">Linked alarm instance ids (optional)</label><input id="inc-alarms" name="alarms" />
    <button type="submit">Open incident</button>
  </form>`;
}

/** @param {{ live: import("../live.js").Live, incident: any, writes: boolean, done: (r: import("../live.js").Answer, t: string) => void }} props */
function Record({ live, incident: i, writes, done }) {
  const act = (/** @type {string} */ action, /** @type {object} */ body, /** @type {string} */ t) => live.request("incident", { action, incident: i.id, ...body }).then((r) => done(r, t));
  /** @param {SubmitEvent} ev */
  const submit = (ev) => {
    const submitter = /** @type {HTMLButtonElement | null} */ (ev.submitter);
    const text = String(formFields(ev).note ?? "");
    if (submitter?.value === "reopen") return void act("reopen", { reason: text }, "Incident reopened.");
    if (submitter?.value === "close") return void act("close", text ? { note: text } : {}, "Incident closed.");
    void act("update", { note: text }, "Note added.");
  };
  return html`<section class="record" aria-labelledby="record-title" data-incident=${i.id}>
    <h2 id="record-title">${word(i.kind)} at ${i.place} <span class=${`status status--${i.status}`}>${i.status}</span></h2>
    <p>${when(i.occurred_at)}</p>
    <p class="record__story">${i.narrative}</p>
    <h3>History</h3>
    <ol class="history">${(i.history ?? []).map((/** @type {any} */ h) => html`<li>${when(h.at)}: ${h.action} by ${h.by}${h.changes.note ? ` — ${h.changes.note}` : ""}${h.changes.reason ? ` — ${h.changes.reason}` : ""}</li>`)}</ol>
    ${writes ? html`<form class="form" onSubmit=${submit}>
      <label for="rec-note">${i.status === "closed" ? "Reason to reopen" : "Note"}</label>
      <input id="rec-note" name="note" maxlength="2000" required=${i.status === "closed"} />
      <div class="row">${i.status === "closed"
        ? html`<button type="submit" value="reopen">Reopen</button>`
        : html`<button type="submit" value="update">Add note</button><button type="submit" value="close">Close incident</button>`}</div>
    </form>` : null}
  </section>`;
}

/** @param {{ live: import("../live.js").Live, info: any }} props */
export function Page({ live, info }) {
  const writes = info.user.role !== "audit" && may(info.user.requests, "incident");
  const [list, setList] = useState(/** @type {any[]} */ ([]));
  const [chosen, setChosen] = useState(/** @type {any} */ (null));
  const [message, say] = useState("");
  const refresh = async () => {
    const r = await live.request("incident", { action: "list" });
    if (r.status === "ok") setList(r.data.incidents);
    else say(said(r, ""));
  };
  useEffect(() => void refresh(), []);
  const done = (/** @type {import("../live.js").Answer} */ r, /** @type {string} */ t) => {
    say(said(r, t));
    if (r.status === "ok") setChosen(r.data.incident);
    void refresh();
  };
  const open = (/** @type {string} */ id) => live.request("incident", { action: "get", incident: id }).then((r) => (r.status === "ok" ? setChosen(r.data.incident) : say(said(r, ""))));
  return html`<div>
    <p class="result" role="status">${message}</p>
    ${list.length === 0 ? html`<p>No incident recorded.</p>` : html`<ul class="incidents">${list.map((i) => html`<li data-incident=${i.id}>
      <button class="link" onClick=${() => open(i.id)}>${word(i.kind)} at ${i.place}, ${when(i.occurred_at)}</button>
      <span class=${`status status--${i.status}`}>${i.status}</span></li>`)}</ul>`}
    ${chosen !== null ? html`<${Record} live=${live} incident=${chosen} writes=${writes} done=${done} />` : null}
    ${writes ? html`<${OpenForm} onSubmit=${(/** @type {SubmitEvent} */ ev) => void live.request("incident", { action: "open", ...incidentBody(formFields(ev)) }).then((r) => done(r, "Incident opened."))} />` : null}
  </div>`;
}
