import type { EventBody } from "../../src/core/events.js";
import type { SiteModel } from "../../src/core/model.js";
import type { CoreState } from "../../src/core/state.js";

/** What the event log says about the site: enough to answer "what is locked, open, in alarm, which mode". */
export interface SiteView {
  readonly mode: string;
  readonly drill: boolean;
  readonly fire: readonly string[];
  readonly doors: Readonly<Record<string, { locked: boolean; open: boolean; alarm: string }>>;
}

/** The view of a live state. */
export function viewOf(model: SiteModel, state: CoreState): SiteView {
  const doors: Record<string, { locked: boolean; open: boolean; alarm: string }> = {};
  for (const door of model.doors.values()) {
    const d = state.doors[door.index];
    if (d !== undefined) doors[door.id] = { locked: d.locked, open: d.open, alarm: d.alarm };
  }
  return { mode: state.safety.mode, drill: state.safety.drill, fire: [...state.fire].sort(), doors };
}

/**
 * Rebuild the view from the event log alone, starting from a site whose doors are all locked and
 * closed in normal mode. The audit trail is complete exactly when this equals the live view.
 */
export function replay(doorIds: readonly string[], events: Iterable<EventBody>): SiteView {
  let mode = "normal";
  let drill = false;
  const fire = new Set<string>();
  const doors: Record<string, { locked: boolean; open: boolean; alarm: string }> = {};
  for (const id of doorIds) doors[id] = { locked: true, open: false, alarm: "none" };
  for (const e of events) {
    if (e.type === "mode") {
      mode = e.mode;
      drill = e.action === "raised" ? e.drill : false;
    } else if (e.type === "alarm" && e.alarm === "fire") {
      if (e.active) fire.add(e.device);
      else fire.delete(e.device);
    } else if (e.type === "door") {
      const d = doors[e.door];
      if (d === undefined) continue;
      if (e.action === "locked") d.locked = true;
      else if (e.action === "unlocked") d.locked = false;
      else if (e.action === "opened") d.open = true;
      else if (e.action === "forced_open") Object.assign(d, { open: true, alarm: "forced_open" });
      else if (e.action === "held_open") d.alarm = "held_open";
      else if (e.action === "closed") Object.assign(d, { open: false, alarm: "none" });
    }
  }
  return { mode, drill, fire: [...fire].sort(), doors };
}
