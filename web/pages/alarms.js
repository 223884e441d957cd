// @ts-check
/** The alarm queue (state/alarms): acknowledge, shelve for a while with a reason (never a latched, life-safety alarm), take off the shelf. */
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { alarmStateWords } from "../parts/alarm-state.js";

const KIND = /** @type {Record<string, string>} */ ({ forced_open: "Door forced open", held_open: "Door held open", panic: "Panic button", lockdown: "Lockdown", screening: "Screening", device_trouble: "Device trouble" });

/** @param {{ live: import("../live.js").Live, a: import("../live.js").OpenAlarm, where: string, say: (t: string) => void }} props */
function AlarmRow({ live, a, where, say }) {
  const [shelving, setShelving] = useState(false);
  const answer = async (/** @type {object} */ body, /** @type {string} */ done) => {
    const r = await live.request("alarm", { alarm: a.alarm, ...body });
    say(r.status === "ok" ? done : `Refused: ${r.error.message}`);
  };
  /** @param {SubmitEvent} ev */
  const shelve = (ev) => {
    ev.preventDefault();
    const form = new FormData(/** @type {HTMLFormElement} */ (ev.currentTarget));
    setShelving(false);
    void answer({ action: "shelve", minutes: Number(form.get("minutes")), reason: String(form.get("reason")) }, "Alarm shelved.");
  };
  const unacked = a.state.endsWith("_unacked");
  const id = a.alarm.replace(/[^a-z0-9]/gi, "-");
  return html`<li class=${`alarm alarm--${a.priority}${unacked ? " alarm--unacked" : ""}`} data-alarm=${a.alarm}>
    <p class="alarm__what"><strong>${KIND[a.kind] ?? a.kind}</strong>: ${where}${a.drill ? " (drill)" : ""}</p>
    <p class="alarm__state">${a.priority}, ${alarmStateWords(a)}${a.count > 1 ? `, ${a.count} times` : ""}, since ${new Date(a.raised_at).toLocaleTimeString()}${a.acked_by ? `, acknowledged by ${a.acked_by}` : ""}${a.shelved_until ? `, shelved until ${new Date(a.shelved_until).toLocaleTimeString()}` : ""}</p>
    <div class="alarm__actions">
      ${unacked ? html`<button onClick=${() => answer({ action: "ack" }, "Alarm acknowledged.")}>Acknowledge</button>` : null}
      ${a.shelved_until ? html`<button onClick=${() => answer({ action: "unshelve" }, "Alarm back on the list.")}>Unshelve</button>` : a.latched ? null : html`<button onClick=${() => setShelving(!shelving)} aria-expanded=${shelving}>Shelve…</button>`}
    </div>
    ${shelving ? html`<form class="shelve" onSubmit=${shelve}>
      <label for=${`min-${id}`}>Minutes</label>
      <select id=${`min-${id}`} name="minutes"><option>15</option><option>30</option><option>60</option><option>240</option></select>
      <label for=${`why-${id}`}>Reason</label>
      <input id=${`why-${id}`} name="reason" required maxlength="200" />
      <button type="submit">Shelve</button>
    </form>` : null}
  </li>`;
}

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState, info: any }} props */
export function Page({ live, state, info }) {
  const [said, say] = useState("");
  /** @type {Record<string, string>} */
  const doors = Object.fromEntries(info.doors.map((/** @type {any} */ d) => [d.id, d.name]));
  const list = state.alarms?.alarms ?? [];
  return html`<div>
    <p class="result" role="status">${said}</p>
    ${list.length === 0 ? html`<p>No open alarm.</p>` : html`<ul class="alarms">${list.map((a) => html`<${AlarmRow} key=${a.alarm} live=${live} a=${a} where=${a.location ?? doors[a.source] ?? a.source} say=${say} />`)}</ul>`}
  </div>`;
}
