import { releaseMomentarily, setOverride, type DoorContext } from "./door.js";
import type { Effect } from "./effects.js";
import type { DoorCommandInput } from "./inputs.js";
import { policyFor } from "./lock-policy.js";
import type { SiteModel } from "./model.js";
import { withDoor, type CoreState, type DoorOverride } from "./state.js";
import { steadyTime } from "./wall-time.js";

/** The outcome of a door command. */
export interface CommandStep {
  readonly state: CoreState;
  readonly effects: Effect[];
}

function refused(state: CoreState, code: "not_permitted" | "unknown_door" | "mode_locked", message: string): CommandStep {
  return { state, effects: [{ type: "refused", code, message }] };
}

/**
 * A door command from an operator or the district. Rights: `door_control` may command doors; while
 * the current mode keeps a door locked, only `unlock_in_mode` may open it, and only momentarily — a
 * lockdown is never turned into an unlocked door by a command.
 */
export function onDoorCommand(model: SiteModel, state: CoreState, input: DoorCommandInput, now: number): CommandStep {
  const door = model.doors.get(input.door);
  const d = door === undefined ? undefined : state.doors[door.index];
  if (door === undefined || d === undefined) return refused(state, "unknown_door", `no door "${input.door}"`);
  if (!model.safety.doorControl.has(input.by.name)) {
    return refused(state, "not_permitted", `${input.by.name} may not command doors`);
  }
  const opening = input.action === "momentary" || input.action === "unlock";
  if (opening && policyFor(model, state.safety.mode, door.id).lock === "locked") {
    if (!model.safety.unlockInMode.has(input.by.name)) {
      return refused(state, "mode_locked", `${state.safety.mode} keeps ${door.id} locked`);
    }
    if (input.action !== "momentary") {
      return refused(state, "mode_locked", `${state.safety.mode} is on: only a momentary unlock is possible`);
    }
  }
  const effects: Effect[] = [];
  const ctx: DoorContext = { model, state, now, effects };
  const next =
    input.action === "momentary"
      ? releaseMomentarily(ctx, door, d, door.strikeMs, { by: input.by.name, actor: input.by.actor })
      : setOverride(ctx, door, d, overrideOf(state, input));
  return { state: withDoor(state, door.index, next), effects };
}

/** The override a command asks for; its end, given in wall time, becomes a steady deadline from now on. */
function overrideOf(state: CoreState, input: DoorCommandInput): DoorOverride | null {
  if (input.action === "release") return null;
  const until = input.until === null ? null : steadyTime(state, input.until);
  return { lock: input.action === "lock" ? "locked" : "unlocked", until };
}
