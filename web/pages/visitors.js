// @ts-check
/**
 * The front desk: sign a visitor in from the latest ID scan, hand over or print the pass, and sign
 * out who is on site. A visit held for an officer reads only "please wait" here, never why, and turns
 * into a sign-in (or a neutral word) when the officer decides.
 */
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { printPass } from "../parts/pass-print.js";
import { fieldsNamed, latestScan, SignInForm } from "../parts/sign-in-form.js";

/** @param {number} n @param {string} word */
const count = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const WAIT = "Please wait — an officer will be with you shortly.";

/** @param {{ live: import("../live.js").Live, id: string, say: (t: string) => void }} props */
function PrintButton({ live, id, say }) {
  return html`<button onClick=${async () => say(await printPass(live, id))}>Print pass</button>`;
}

/** What the desk says of the visit just submitted, as the live state moves it on. @param {{ live: import("../live.js").Live, outcome: any, onSite: any[], waiting: any[], say: (t: string) => void }} props */
function Outcome({ live, outcome, onSite, waiting, say }) {
  const inNow = onSite.find((v) => v.visitor_id === outcome.visitor_id);
  const held = outcome.status === "please_wait" && inNow === undefined;
  if (held && waiting.some((v) => v.visitor_id === outcome.visitor_id)) return html`<p class="outcome outcome--wait" role="status">${WAIT}</p>`;
  if (held) return html`<p class="outcome" role="status">The visit is not going ahead: the officer will speak with the visitor.</p>`;
  const pass = inNow?.pass ?? outcome.pass ?? null;
  return html`<div class="outcome outcome--in" role="status">
    <p><strong>Signed in.</strong> ${pass?.card_label ? `Hand over visitor card ${pass.card_label}.` : pass === null ? "No pass was issued." : ""}</p>
    ${pass?.kind === "printed" ? html`<${PrintButton} live=${live} id=${outcome.visitor_id} say=${say} />` : null}
  </div>`;
}

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState, info: any }} props */
export function Page({ live, state, info }) {
  const [outcome, setOutcome] = useState(/** @type {any} */ (null));
  const [busy, setBusy] = useState(false);
  const [said, say] = useState("");
  const [formKey, setFormKey] = useState(0);
  // The scan of the visitor just signed in does not fill the next form.
  const [usedAt, setUsedAt] = useState(/** @type {string | null} */ (null));
  const scan = latestScan(state.desk);
  /** @type {Record<string, string>} */
  const where = Object.fromEntries(info.destinations.map((/** @type {any} */ d) => [d.id, d.name]));
  const onSite = state.visitors?.on_site ?? [];
  const waiting = state.visitors?.waiting ?? [];
  /** @param {object} body */
  const signIn = async (body) => {
    setBusy(true);
    say("");
    const answer = await live.request("visitor", body);
    setBusy(false);
    if (answer.status === "ok") return (setOutcome(answer.data), setUsedAt(scan?.at ?? null), setFormKey((k) => k + 1));
    const fields = fieldsNamed(answer.error);
    say(fields === null ? `Not signed in: ${answer.error.message}` : `Not signed in: please check ${fields.join(", ")}.`);
  };
  /** @param {string} id */
  const signOut = async (id) => {
    const answer = await live.request("visitor", { action: "sign_out", visitor_id: id });
    say(answer.status === "ok" ? "Signed out." : `Not signed out: ${answer.error.message}`);
    if (answer.status === "ok") setOutcome((/** @type {any} */ o) => (o?.visitor_id === id ? null : o));
  };
  return html`<div class="desk">
    ${outcome === null ? null : html`<${Outcome} live=${live} outcome=${outcome} onSite=${onSite} waiting=${waiting} say=${say} />`}
    <p class="result" role="status">${said}</p>
    <${SignInForm} key=${formKey} scan=${scan !== null && scan.at === usedAt ? null : scan} destinations=${info.destinations} busy=${busy} onSubmit=${signIn} />
    <h2>On site (${onSite.length})</h2>
    ${state.occupancy?.counts ? html`<p class="occupancy">In the building: ${count(state.occupancy.counts.visitors, "visitor")}, ${state.occupancy.counts.staff} staff, ${count(state.occupancy.counts.students, "student")}.</p>` : null}
    ${onSite.length === 0 ? html`<p>No visitor on site.</p>` : html`<ul class="visitors">${onSite.map((v) => html`<li class="visitor" data-visitor=${v.visitor_id}>
      <p class="visitor__name"><strong>${v.name}</strong>${v.escort_required ? " (escort)" : ""}</p>
      <p>${where[v.destination] ?? v.destination}, host ${v.host}, since ${new Date(v.since).toLocaleTimeString()}${v.pass?.card_label ? `, card ${v.pass.card_label}` : ""}</p>
      <div class="visitor__actions">
        ${v.pass?.kind === "printed" ? html`<${PrintButton} live=${live} id=${v.visitor_id} say=${say} />` : null}
        <button onClick=${() => signOut(v.visitor_id)} aria-label=${`Sign out ${v.name}`}>Sign out</button>
      </div>
    </li>`)}</ul>`}
    ${waiting.length === 0 ? null : html`<h2>Waiting</h2><ul class="visitors">${waiting.map((v) => html`<li class="visitor"><p><strong>${v.name}</strong>: ${WAIT}</p></li>`)}</ul>`}
  </div>`;
}
