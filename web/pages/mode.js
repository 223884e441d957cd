// @ts-check
/**
 * Raising and clearing the school's mode, in two deliberate steps: choosing a mode opens a
 * confirmation whose confirm button sits elsewhere on the screen and whose focus starts on Cancel,
 * so a double tap or a stray Enter never raises a mode. Only the changes the site's safety rules
 * accept from this role are offered (a lower mode while a higher one is on waits for its clear).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../html.js";
import { MODES } from "../parts/banner.js";

const RAISED = ["lockdown", "secure", "hold", "shelter", "evacuate"];

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState, info: import("../app.js").SiteInfo }} props */
export function Page({ live, state, info }) {
  const [chosen, setChosen] = useState(/** @type {string | null} */ (null));
  const [drill, setDrill] = useState(false);
  const [result, setResult] = useState("");
  const cancel = useRef(/** @type {HTMLButtonElement | null} */ (null));
  useEffect(() => cancel.current?.focus(), [chosen]);
  const current = state.site?.mode ?? "normal";
  // Only what the site's safety rules accept from this role while `current` is on: the gateway refuses the rest.
  const offer = info.user.modes[current] ?? { raise: [], clear: false };
  const confirm = async () => {
    const mode = chosen;
    setChosen(null);
    setResult("Sending…");
    const body = mode === "normal" ? { action: "clear" } : { action: "raise", mode, drill };
    const answer = await live.request("mode", body);
    setResult(answer.status === "ok" ? (mode === "normal" ? "Mode cleared." : `${MODES[/** @type {"hold"} */ (mode)].word}${drill ? " drill" : ""} raised.`) : `Refused: ${answer.error.message}`);
  };
  const word = chosen === null ? "" : chosen === "normal" ? "clear the mode" : `raise ${chosen.toUpperCase()}`;
  return html`<div class="modes">
    ${chosen === null
      ? html`<div class="modes__choices">
          ${RAISED.filter((m) => offer.raise.includes(m)).map((m) => html`<button class=${`choose choose--${m}`} onClick=${() => (setDrill(false), setChosen(m))} disabled=${state.conn !== "online"}>${MODES[/** @type {"hold"} */ (m)].word}…</button>`)}
          ${offer.clear ? html`<button class="choose choose--normal" onClick=${() => setChosen("normal")} disabled=${state.conn !== "online"}>Clear ${current}…</button>` : null}
        </div>
        ${current !== "normal" && !offer.clear ? html`<p class="modes__note">Your role may not clear ${current}: the site's safety rules leave that to others.</p>` : null}`
      : html`<section class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-says">
          <h2 id="confirm-title">Really ${word} for the whole school?</h2>
          <p id="confirm-says">${chosen === "normal" ? "Doors return to their schedules." : MODES[/** @type {"hold"} */ (chosen)].says}</p>
          ${chosen === "normal" ? null : html`<p><label><input type="checkbox" checked=${drill} onChange=${(/** @type {any} */ e) => setDrill(e.currentTarget.checked)} /> This is a drill</label></p>`}
          <div class="confirm__buttons">
            <button ref=${cancel} class="cancel" onClick=${() => setChosen(null)}>Cancel</button>
            <button class=${`confirm__go confirm__go--${chosen}`} onClick=${confirm}>Yes, ${word}</button>
          </div>
        </section>`}
    <p class="result" role="status">${result}</p>
  </div>`;
}
