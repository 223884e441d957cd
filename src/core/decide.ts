import { expirePins, onBadge, onKeypad } from "./badge-flow.js";
import { markUnsynced, onClockJump, onClockSync } from "./clock.js";
import { onDeviceStatus } from "./device-alarms.js";
import { contactClosed, contactOpened, requestToExit, type DoorContext } from "./door.js";
import { onDoorCommand } from "./door-command.js";
import type { Effect } from "./effects.js";
import type { Input, ScreeningInput } from "./inputs.js";
import type { DoorModel, DoorPart, SiteModel } from "./model.js";
import { onKeySwitch, onPanic, panicTick } from "./panic.js";
import { onReaderAlarm } from "./reader-condition.js";
import { endLockout } from "./reader-lockout.js";
import { clearMode, fireAlarm, raiseMode, reconcileAll } from "./safety.js";
import { withDoor, type CoreState, type DoorState } from "./state.js";
import { onVisitorPass } from "./visitor-passes.js";

/** The outcome of one input: the next state and the effects to carry out, in order. */
export interface Decision {
  readonly state: CoreState;
  readonly effects: readonly Effect[];
}

/**
 * The pure decision function: no I/O, no clock, no timers (timers are wake effects). `now` is steady
 * time in ms (epoch ms at start, then never jumps); wall time is derived from the state (clock.ts).
 */
export type Decide = (state: CoreState, input: Input, now: number) => Decision;

const NOTHING: Decision["effects"] = [];

/** A door found through one of its devices. */
interface BoundDoor {
  readonly model: DoorModel;
  readonly state: DoorState;
}

function doorOf(model: SiteModel, state: CoreState, device: string, part: DoorPart): BoundDoor | null {
  const binding = model.deviceDoor.get(device);
  if (binding === undefined || binding.part !== part) return null;
  const door = model.doors.get(binding.door);
  const current = door === undefined ? undefined : state.doors[door.index];
  return door === undefined || current === undefined ? null : { model: door, state: current };
}


function doorInput(
  model: SiteModel,
  state: CoreState,
  device: string,
  part: DoorPart,
  now: number,
  step: (ctx: DoorContext, door: DoorModel, d: DoorState) => DoorState,
): Decision {
  const bound = doorOf(model, state, device, part);
  if (bound === null) return { state, effects: NOTHING };
  const effects: Effect[] = [];
  const next = step({ model, state, now, effects }, bound.model, bound.state);
  return { state: withDoor(state, bound.model.index, next), effects };
}

function screening(model: SiteModel, input: ScreeningInput): Effect[] {
  return [
    {
      type: "event",
      event: {
        type: "screening",
        device: input.device,
        location: model.deviceLocation.get(input.device) ?? input.device,
        result: input.result,
        zones: [...input.zones],
        passages: input.counts?.passages ?? null,
        alarms: input.counts?.alarms ?? null,
      },
    },
  ];
}

/** Deadlines: doors (relock, held-open, schedules, overrides), reader lockouts, PINs, held panics. */
function tick(model: SiteModel, state: CoreState, now: number): Decision {
  const effects: Effect[] = [];
  let next = reconcileAll(model, state, now, "schedule", effects);
  let readers = next.readers;
  for (const [reader, r] of Object.entries(next.readers)) {
    const after = endLockout(model, reader, r, now, effects);
    if (after !== r) readers = { ...readers, [reader]: after };
  }
  next = readers === next.readers ? next : { ...next, readers };
  next = expirePins(model, next, now, effects);
  next = panicTick(model, next, now, effects);
  return { state: next, effects };
}

function route(model: SiteModel, state: CoreState, input: Input, now: number): Decision {
  switch (input.kind) {
    case "badge": {
      const bound = doorOf(model, state, input.reader, "reader");
      return bound === null ? { state, effects: NOTHING } : onBadge(model, state, input, bound.model, now);
    }
    case "keypad": {
      const bound = doorOf(model, state, input.reader, "reader");
      return bound === null ? { state, effects: NOTHING } : onKeypad(model, state, input, bound.model, now);
    }
    case "contact":
      return doorInput(model, state, input.device, "contact", now, input.open ? contactOpened : contactClosed);
    case "rex":
      return doorInput(model, state, input.device, "rex", now, requestToExit);
    case "device_status":
      return onDeviceStatus(model, state, input);
    case "reader_alarm":
      return onReaderAlarm(model, state, input);
    case "panic":
      return onPanic(model, state, input, now);
    case "key_switch":
      return onKeySwitch(model, state, input, now);
    case "fire_alarm":
      return fireAlarm(model, state, input.device, input.active, now);
    case "screening":
      return { state, effects: screening(model, input) };
    case "mode_request":
      return input.action === "raise"
        ? raiseMode(model, state, { ...input, silent: false }, now)
        : clearMode(model, state, input.by, input.reason, now);
    case "door_command":
      return onDoorCommand(model, state, input, now);
    case "tick":
      return tick(model, state, now);
    case "clock_jump":
      return onClockJump(model, state, input, now);
    case "clock_sync":
      return onClockSync(state, input);
    case "visitor_pass":
      return onVisitorPass(state, input);
  }
}

/** Mark every event of a decision taken while a drill runs (or that clears one) as a drill. */
function markDrill(effects: readonly Effect[]): Effect[] {
  return effects.map((e) => (e.type === "event" && e.event.type !== "mode" ? { ...e, event: { ...e.event, drill: true } } : e));
}

/**
 * Mark the events of a step from `before` to `after`: taken while the clock is unsynchronised (their
 * times may be wrong), taken while a drill runs or clearing one. A step that turns a drill into the
 * real thing (a real raise, a panic) is not a drill. Also for events reported outside a decision
 * (commands, uplink reports), with `before` and `after` the same state.
 */
export function markEvents(before: CoreState, after: CoreState, effects: readonly Effect[]): readonly Effect[] {
  const marked = after.clock?.unsynced === true ? markUnsynced(effects) : effects;
  if (!after.safety.drill && !(before.safety.drill && after.safety.mode === "normal")) return marked;
  return markDrill(marked);
}

/** Build the decide function of a site. The model is fixed; everything that changes is in the state. */
export function createDecider(model: SiteModel): Decide {
  return function decide(state, input, now) {
    const routed = route(model, state, input, now);
    return { state: routed.state, effects: markEvents(state, routed.state, routed.effects) };
  };
}
