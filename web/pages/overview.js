// @ts-check
/** The site at a glance, for every role: doors not secure, open alarms, panic coverage, device health. */
import { html } from "../html.js";

/** @param {{ state: import("../live.js").LiveState, info: any }} props */
export function Page({ state, info }) {
  const site = state.site;
  const devices = Object.entries(state.devices);
  const unwell = devices.filter(([, d]) => d.status !== "online");
  const names = Object.fromEntries(info.doors.map((/** @type {any} */ d) => [d.id, d.name]));
  return html`<section class="cards">
    <article class="card">
      <h2>Doors</h2>
      ${site === null ? html`<p>Waiting for the gateway…</p>` : html`<ul>
        <li>${site.exterior_secure ? "Every exterior door closed and locked" : "Exterior not secure"}</li>
        <li>${site.doors_in_alarm.length === 0 ? "No door in alarm" : `In alarm: ${site.doors_in_alarm.map((/** @type {string} */ d) => names[d] ?? d).join(", ")}`}</li>
        <li>${site.doors_unlocked.length} unlocked</li>
      </ul>`}
    </article>
    <article class="card">
      <h2>Alarms</h2>
      <p>${state.alarms === null ? "No alarm list yet" : `${state.alarms.alarms.length} open, ${state.alarms.unacked} waiting for someone`}</p>
    </article>
    <article class="card">
      <h2>Panic buttons</h2>
      <p class=${site?.panic_coverage === "degraded" ? "bad" : ""}>${site === null ? "…" : site.panic_coverage === "degraded" ? `Coverage degraded: ${site.panic_trouble.join(", ")}` : "Every panic source answering"}</p>
    </article>
    <article class="card">
      <h2>Fire alarm inputs</h2>
      <p class=${site?.fire_coverage === "degraded" ? "bad" : ""}>${site === null ? "…" : site.fire_coverage === "degraded" ? `Not heard: ${site.fire_trouble.join(", ")}` : "Every fire input answering"}</p>
    </article>
    <article class="card">
      <h2>Devices</h2>
      <p>${devices.length} reporting, ${unwell.length} not online</p>
      ${unwell.length === 0 ? null : html`<ul class="devices">${unwell.map(([id, d]) => html`<li class=${`device device--${d.status}`}>${id}: ${d.status}${d.reason ? ` (${d.reason})` : ""}</li>`)}</ul>`}
    </article>
  </section>`;
}
