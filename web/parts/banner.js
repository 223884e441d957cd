// @ts-check
/**
 * What every user sees on every page: the school's mode in the Standard Response Protocol's words
 * and colours (a drill marked as such beyond doubt), the connection to the gateway, and the link to
 * the district.
 */
import { html } from "../html.js";

/** SRP actions and what people do, in the protocol's words. */
export const MODES = /** @type {const} */ ({
  normal: { word: "Normal", says: "No safety mode in effect." },
  hold: { word: "Hold", says: "In your room or area. Clear the halls." },
  secure: { word: "Secure", says: "Get inside. Lock outside doors." },
  lockdown: { word: "Lockdown", says: "Locks, lights, out of sight." },
  evacuate: { word: "Evacuate", says: "To the announced location." },
  shelter: { word: "Shelter", says: "State the hazard and safety strategy." },
});

/** @param {{ site: any }} props */
export function ModeBanner({ site }) {
  if (site === null) return html`<section class="mode mode--unknown" aria-live="polite"><p class="mode__word">Mode unknown</p><p>Waiting for the gateway…</p></section>`;
  const known = /** @type {Record<string, { word: string, says: string }>} */ (MODES)[site.mode] ?? { word: site.mode, says: "" };
  return html`<section class=${`mode mode--${site.mode}${site.drill ? " mode--drill" : ""}`} aria-live="assertive" aria-atomic="true" data-mode=${site.mode}>
    ${site.drill ? html`<p class="drill">DRILL — this is a drill</p>` : null}
    <p class="mode__word">${known.word.toUpperCase()}</p>
    <p class="mode__says">${known.says}</p>
    ${site.fire_alarm ? html`<p class="mode__fire">FIRE ALARM ACTIVE</p>` : null}
  </section>`;
}

/** @param {{ conn: string, everOnline: boolean }} props */
export function ConnectionBanner({ conn, everOnline }) {
  if (conn === "online") return null;
  const text = everOnline ? "Connection lost — reconnecting…" : "Connecting to the gateway…";
  return html`<p class="conn" role="alert" data-conn=${conn}>${text}</p>`;
}

/** @param {{ uplink: any }} props */
export function DistrictLink({ uplink }) {
  if (uplink === null) return html`<p class="link link--none" data-link="none">District link: not configured</p>`;
  const since = uplink.since === null ? "" : ` since ${new Date(uplink.since).toLocaleTimeString()}`;
  return uplink.connected
    ? html`<p class="link link--up" data-link="up">District link: connected${uplink.backlog > 0 ? `, ${uplink.backlog} events to send` : ""}</p>`
    : html`<p class="link link--down" data-link="down">District link: down${since}; ${uplink.backlog} events waiting</p>`;
}
