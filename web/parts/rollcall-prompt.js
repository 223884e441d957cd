// @ts-check
/**
 * During an evacuation, the roll call comes first: a link to it under the mode banner on every page
 * for the roles that take it, saying how many are still unaccounted once it has started.
 */
import { html } from "../html.js";

/** @param {{ state: import("../live.js").LiveState, shown: boolean, here: boolean }} props */
export function RollCallPrompt({ state, shown, here }) {
  if (!shown || here || state.site?.mode !== "evacuate") return null;
  const m = state.muster?.active ? state.muster.muster : null;
  const text = m === null ? "Start the roll call" : `Roll call: ${m.counts.unaccounted + m.counts.missing} not yet found`;
  return html`<p class="prompt"><a href="#/rollcall">${text} →</a></p>`;
}
