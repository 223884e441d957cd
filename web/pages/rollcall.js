// @ts-check
/**
 * The roll call after an evacuation (request/muster, retained state/muster): start it, watch the
 * counts fall as people are found, mark people at an assembly point, end it in two steps.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../html.js";
import { said } from "../parts/said.js";

/** The counts shown: the four after "expected" add up to it; extras stand apart, under a label of their own. */
const COUNTS = /** @type {const} */ (["expected", "accounted", "missing", "injured", "unaccounted", "extra"]);
const LABELS = /** @type {Record<string, string>} */ ({ extra: "not on the list" });
const MARKS = /** @type {const} */ ([["accounted", "Mark accounted"], ["missing", "Mark missing"], ["injured", "Mark injured"]]);

/**
 * How an ended roll call came out, in words: nobody still to find is left out of the sentence.
 * @param {{ expected: number, accounted: number, injured: number, missing: number, unaccounted: number, extra: number }} c
 */
function ended(c) {
  const parts = [`${c.accounted} of ${c.expected} accounted`];
  if (c.injured > 0) parts.push(`${c.injured} injured`);
  parts.push(`${c.missing} missing`);
  if (c.unaccounted > 0) parts.push(`${c.unaccounted} never accounted for`);
  if (c.extra > 0) parts.push(`${c.extra} not on the list`);
  return parts.join(", ");
}

/** @param {{ person: any, mark: (id: string, status: string) => void }} props */
function Person({ person: p, mark }) {
  return html`<li class=${`person person--${p.status}`} data-person=${p.id}>
    <span class="person__who">${p.name ?? p.id}${p.kind ? ` (${p.kind})` : ""}${p.held ? ", waiting at the front desk" : ""}${p.status !== "unaccounted" ? `: ${p.status}` : ""}</span>
    <span class="row">${MARKS.filter(([s]) => s !== p.status).map(([s, label]) => html`<button onClick=${() => mark(p.id, s)} aria-label=${`${label}: ${p.name ?? p.id}`}>${label}</button>`)}</span>
  </li>`;
}

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState }} props */
export function Page({ live, state }) {
  const [message, say] = useState("");
  const [ending, setEnding] = useState(false);
  const [point, setPoint] = useState("");
  const keep = useRef(/** @type {HTMLButtonElement | null} */ (null));
  useEffect(() => keep.current?.focus(), [ending]);
  const muster = state.muster?.active ? state.muster.muster : null;
  const send = async (/** @type {object} */ body, /** @type {string} */ done) => say(said(await live.request("muster", body), done));
  const mark = (/** @type {string} */ id, /** @type {string} */ status) => void send({ action: "mark", people: [id], status, ...(point ? { point } : {}) }, `Marked ${status}.`);
  const evacuating = state.site?.mode === "evacuate";
  if (muster === null) {
    const last = state.muster?.muster ?? null;
    return html`<div class=${evacuating ? "rollcall rollcall--urgent" : "rollcall"}>
      ${evacuating ? html`<p class="urgent">Evacuation in progress: start the roll call.</p>` : null}
      <button class="big" onClick=${() => send({ action: "start" }, "Roll call started.")} disabled=${state.conn !== "online"}>Start roll call</button>
      ${last ? html`<p>Last roll call ended ${new Date(last.ended_at).toLocaleString()}: ${ended(last.counts)}.</p>` : null}
      <p class="result" role="status">${message}</p>
    </div>`;
  }
  const people = [...muster.unaccounted, ...muster.missing, ...muster.injured];
  return html`<div class=${evacuating ? "rollcall rollcall--urgent" : "rollcall"}>
    <dl class="counts">${COUNTS.map((c) => html`<div class=${`count count--${c}`} data-count=${c}><dt>${LABELS[c] ?? c}</dt><dd>${muster.counts[c]}</dd></div>`)}</dl>
    <label for="muster-point">Assembly point</label>
    <select id="muster-point" value=${point} onChange=${(/** @type {any} */ e) => setPoint(e.currentTarget.value)}>
      <option value="">Not given</option>
      ${muster.points.map((/** @type {any} */ p) => html`<option value=${p.id}>${p.name} (${p.accounted})</option>`)}
    </select>
    <p class="result" role="status">${message}</p>
    <h2>Not yet accounted</h2>
    ${people.length === 0 ? html`<p>Everyone is accounted for.</p>` : html`<ul class="people">${people.map((p) => html`<${Person} key=${p.id} person=${p} mark=${mark} />`)}</ul>`}
    ${ending
      ? html`<section class="confirm" role="alertdialog" aria-labelledby="end-title">
          <h2 id="end-title">End the roll call with ${muster.counts.unaccounted + muster.counts.missing} not found?</h2>
          <div class="confirm__buttons">
            <button ref=${keep} onClick=${() => setEnding(false)}>Keep it open</button>
            <button class="confirm__go" onClick=${() => (setEnding(false), send({ action: "end" }, "Roll call ended."))}>Yes, end the roll call</button>
          </div>
        </section>`
      : html`<button onClick=${() => setEnding(true)}>End roll call…</button>`}
  </div>`;
}
