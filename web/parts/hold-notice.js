// @ts-check
/**
 * A visitor held at the front desk waits for an officer: on every page of the roles that decide
 * holds, a notice (an alert for assistive technology) links to the Visitor holds page, and a short
 * tone sounds when a new hold arrives, if the browser lets the page play sound. Dismissed, the notice
 * returns with the next new hold. It names nobody: the holds page shows who waits.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../html.js";

/** The tone: short and high enough to be heard over a hallway, quiet enough not to startle. */
const TONE_HZ = 880;
const TONE_S = 0.25;
const TONE_GAIN = 0.2;

/**
 * A short tone, only once the person has used this page (browsers refuse sound before that, and a
 * refusal must not show as a failure); nothing when the browser plays no sound.
 */
function chime() {
  const Ctx = globalThis.AudioContext;
  if (Ctx === undefined || navigator.userActivation?.hasBeenActive !== true) return;
  const ctx = new Ctx();
  const close = () => void ctx.close().catch(() => undefined);
  const play = () => {
    if (ctx.state !== "running") return close();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = TONE_HZ;
    gain.gain.value = TONE_GAIN;
    osc.connect(gain).connect(ctx.destination);
    osc.onended = close;
    osc.start();
    osc.stop(ctx.currentTime + TONE_S);
  };
  ctx.resume().then(play, close);
}

/** @param {{ holds: { holds: { visitor_id: string }[] } | null, shown: boolean, here: boolean }} props */
export function HoldNotice({ holds, shown, here }) {
  const [dismissed, setDismissed] = useState(/** @type {ReadonlySet<string>} */ (new Set()));
  /** The holds of the last list, null before the first: those waiting at login are told, not chimed. */
  const known = useRef(/** @type {ReadonlySet<string> | null} */ (null));
  const ids = (holds?.holds ?? []).map((h) => h.visitor_id);
  const key = ids.join(" ");
  useEffect(() => {
    if (!shown || holds === null) return;
    const before = known.current;
    known.current = new Set(ids);
    if (before !== null && ids.some((id) => !before.has(id))) chime();
  }, [shown, holds === null, key]);
  // On the holds page itself they are seen: the notice waits for the next new one.
  useEffect(() => void (here && setDismissed(new Set(ids))), [here, key]);
  if (!shown || here || ids.every((id) => dismissed.has(id))) return null;
  const text = ids.length === 1 ? "A visitor at the front desk waits for an officer's decision." : `${ids.length} visitors at the front desk wait for an officer's decision.`;
  return html`<div class="notice">
    <p role="alert">${text} <a href="#/holds">Decide on the holds page</a></p>
    <button onClick=${() => setDismissed(new Set(ids))}>Dismiss</button>
  </div>`;
}
