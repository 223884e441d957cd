// @ts-check
/**
 * Doors with their live state: on the floor plan when the site has one (the drawing as an image, the
 * doors drawn over it), and always as a list, where the roles that may command doors find the commands.
 */
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { may } from "../routes.js";

/** @param {import("../live.js").DoorState | undefined} d */
export function doorLook(d) {
  if (d === undefined) return { cls: "unknown", text: "No state yet" };
  if (d.alarm === "forced_open") return { cls: "alarm", text: "FORCED OPEN" };
  if (d.alarm === "held_open") return { cls: "alarm", text: "HELD OPEN" };
  if (d.open) return { cls: "open", text: "Open" };
  return d.locked ? { cls: "locked", text: "Closed, locked" } : { cls: "unlocked", text: "Closed, unlocked" };
}

/** @param {{ info: any, state: import("../live.js").LiveState }} props */
function Plan({ info, state }) {
  const { width, height, doors } = info.plan;
  const r = Math.max(width, height) / 60;
  // A margin around the drawing, so markers and labels on its edge stay whole.
  const m = r * 3;
  return html`<figure class="plan">
    <svg viewBox=${`${-m} ${-m} ${width + 2 * m} ${height + 2 * m}`} role="img" aria-label="Floor plan with door states">
      <image href="/plan.svg" width=${width} height=${height} />
      ${Object.entries(doors).map(([id, [x, y]]) => {
        const look = doorLook(state.doors[id]);
        return html`<g class=${`plan__door plan__door--${look.cls}`} data-door=${id}>
          <circle cx=${x} cy=${y} r=${r} />
          <text x=${x} y=${y - r * 1.4} text-anchor="middle" font-size=${r * 1.2}>${id}</text>
        </g>`;
      })}
    </svg>
    <figcaption>Green: locked. Blue: unlocked. Amber: open. Red: alarm.</figcaption>
  </figure>`;
}

/** @param {{ live: import("../live.js").Live, state: import("../live.js").LiveState, info: any }} props */
export function Page({ live, state, info }) {
  const [said, say] = useState("");
  const commands = may(info.user.requests, "door");
  const command = async (/** @type {string} */ door, /** @type {string} */ action, /** @type {string} */ name) => {
    const r = await live.request("door", { door, action });
    say(r.status === "ok" ? `${name}: ${action} sent.` : `${name}: refused: ${r.error.message}`);
  };
  return html`<div>
    ${info.plan === null ? null : html`<${Plan} info=${info} state=${state} />`}
    <p class="result" role="status">${said}</p>
    <ul class="doors">
      ${info.doors.map((/** @type {{ id: string, name: string }} */ d) => {
        const look = doorLook(state.doors[d.id]);
        return html`<li class=${`door door--${look.cls}`} data-door=${d.id}>
          <span class="door__name">${d.name}</span> <span class="door__state">${look.text}</span>
          ${commands ? html`<span class="door__actions">
            <button onClick=${() => command(d.id, "momentary", d.name)} aria-label=${`Let in once at ${d.name}`}>Let in</button>
            <button onClick=${() => command(d.id, "lock", d.name)} aria-label=${`Lock ${d.name}`}>Lock</button>
            <button onClick=${() => command(d.id, "unlock", d.name)} aria-label=${`Unlock ${d.name}`}>Unlock</button>
            <button onClick=${() => command(d.id, "release", d.name)} aria-label=${`Back to schedule: ${d.name}`}>Schedule</button>
          </span>` : null}
        </li>`;
      })}
    </ul>
  </div>`;
}
