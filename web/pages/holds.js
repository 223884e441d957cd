// @ts-check
/**
 * The officer's view of the visitors the screening held (state/visitor_holds): who they are, the
 * watch list entries they may match, and the decision with a note. Clear signs the visitor in,
 * Escalate keeps the hold for someone else, and Confirm (refusing entry) takes a second step.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../html.js";

const CATEGORY = /** @type {Record<string, string>} */ ({ registered_offender: "Registered offender", custody_order: "Custody order", trespass_order: "Trespass order", district_alert: "District alert" });
const DONE = /** @type {Record<string, string>} */ ({ clear: "Cleared: the visitor is signed in.", confirm: "Confirmed: the visitor is not admitted.", escalate: "Escalated." });

/** @param {{ live: import("../live.js").Live, h: any, where: string, say: (t: string) => void }} props */
function Hold({ live, h, where, say }) {
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef(/** @type {HTMLButtonElement | null} */ (null));
  useEffect(() => void (confirming && cancel.current?.focus()), [confirming]);
  const id = `note-${h.visitor_id}`;
  /** @param {string} decision */
  const decide = async (decision) => {
    setConfirming(false);
    if (note.trim() === "") return say("Write a note first: why this decision.");
    const answer = await live.request("visitor", { action: "decide", visitor_id: h.visitor_id, decision, note });
    say(answer.status === "ok" ? DONE[decision] : `Refused: ${answer.error.message}`);
  };
  const name = `${h.first_name} ${h.last_name}`;
  return html`<li class="hold" data-visitor=${h.visitor_id}>
    <h2>${name}${h.escalated ? " (escalated)" : ""}</h2>
    <p>Born ${h.date_of_birth ?? "unknown"}; to ${where}, host ${h.host}; waiting since ${new Date(h.since).toLocaleTimeString()}</p>
    ${h.screening_unavailable ? html`<p class="bad">The watch list could not be checked.</p>` : null}
    ${h.matches.length === 0 ? null : html`<h3>Possible matches</h3><ul class="matches">${h.matches.map((/** @type {any} */ m) => html`<li><strong>${CATEGORY[m.category] ?? m.category}</strong>, entry ${m.entry}: matched on ${m.rules.join(", ")}</li>`)}</ul>`}
    <label for=${id}>Note</label>
    <textarea id=${id} rows="2" maxlength="500" value=${note} onInput=${(/** @type {any} */ e) => setNote(e.currentTarget.value)}></textarea>
    ${confirming
      ? html`<section class="confirm" role="alertdialog" aria-labelledby=${`${id}-q`}>
          <p id=${`${id}-q`}><strong>Really confirm the match and refuse ${name} entry?</strong></p>
          <div class="confirm__buttons">
            <button ref=${cancel} onClick=${() => setConfirming(false)}>Cancel</button>
            <button class="confirm__go" onClick=${() => decide("confirm")}>Yes, confirm the match</button>
          </div>
        </section>`
      : html`<div class="hold__actions">
          <button onClick=${() => decide("clear")}>Clear</button>
          <button onClick=${() => decide("escalate")}>Escalate</button>
          <button onClick=${() => setConfirming(true)}>Confirm…</button>
        </div>`}
  </li>`;
}

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState, info: any }} props */
export function Page({ live, state, info }) {
  const [said, say] = useState("");
  /** @type {Record<string, string>} */
  const where = Object.fromEntries(info.destinations.map((/** @type {any} */ d) => [d.id, d.name]));
  const holds = state.holds?.holds ?? [];
  return html`<div>
    <p class="result" role="status">${said}</p>
    ${holds.length === 0 ? html`<p>No visitor is waiting for a decision.</p>` : html`<ul class="holds">${holds.map((h) => html`<${Hold} key=${h.visitor_id} live=${live} h=${h} where=${where[h.destination] ?? h.destination} say=${say} />`)}</ul>`}
  </div>`;
}
