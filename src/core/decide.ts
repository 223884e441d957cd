import { evaluateBadge } from "./access.js";
import { contactClosed, contactOpened, releaseMomentarily, requestToExit, timePassed, type DoorStep } from "./door.js";
import type { Effect } from "./effects.js";
import type { BadgeInput, Input } from "./inputs.js";
import type { DoorModel, DoorPart, SiteModel } from "./model.js";
import type { CoreState, DoorState } from "./state.js";

/** The outcome of one input: the next state and the effects to carry out, in order. */
export interface Decision {
  readonly state: CoreState;
  readonly effects: readonly Effect[];
}

/** The pure decision function: no I/O, no clock (time is `now`, epoch ms), no timers (timers are wake effects). */
export type Decide = (state: CoreState, input: Input, now: number) => Decision;

/** A door found through one of its devices. */
interface BoundDoor {
  readonly id: string;
  readonly model: DoorModel;
  readonly state: DoorState;
}

const NOTHING: readonly Effect[] = [];

function withDoor(state: CoreState, id: string, door: DoorState): CoreState {
  if (state.doors[id] === door) return state;
  return { ...state, doors: { ...state.doors, [id]: door } };
}

function applyStep(state: CoreState, id: string, step: DoorStep, before: Effect[] = []): Decision {
  return { state: withDoor(state, id, step.door), effects: before.length ? [...before, ...step.effects] : step.effects };
}

/** Build the decide function of a site. The model is fixed; everything that changes is in the state. */
export function createDecider(model: SiteModel): Decide {
  function doorOf(state: CoreState, device: string, part: DoorPart): BoundDoor | null {
    const binding = model.deviceDoor.get(device);
    if (binding === undefined || binding.part !== part) return null;
    const door = model.doors.get(binding.door);
    const current = state.doors[binding.door];
    return door === undefined || current === undefined ? null : { model: door, state: current, id: binding.door };
  }

  function badge(state: CoreState, input: BadgeInput, now: number): Decision {
    const door = doorOf(state, input.reader, "reader");
    if (door === null) return { state, effects: NOTHING };
    const verdict = evaluateBadge(model, input.read, door.id, now);
    const event: Effect = {
      type: "event",
      event: {
        type: "access",
        door: door.id,
        reader: input.reader,
        result: verdict.granted ? "granted" : "denied",
        reason: verdict.reason,
        credential: verdict.credential,
        holder: verdict.holder?.id ?? null,
        role: verdict.holder?.role ?? null,
      },
    };
    if (!verdict.granted) return { state, effects: [event] };
    return applyStep(state, door.id, releaseMomentarily(door.model, door.state, now), [event]);
  }

  function tick(state: CoreState, now: number): Decision {
    let next = state;
    const effects: Effect[] = [];
    for (const door of model.doors.values()) {
      const current = next.doors[door.id];
      if (current === undefined) continue;
      const step = timePassed(door, current, now);
      next = withDoor(next, door.id, step.door);
      effects.push(...step.effects);
    }
    return { state: next, effects };
  }

  return function decide(state, input, now) {
    switch (input.kind) {
      case "badge":
        return badge(state, input, now);
      case "contact": {
        const door = doorOf(state, input.device, "contact");
        if (door === null) return { state, effects: NOTHING };
        const step = input.open ? contactOpened(door.model, door.state, now) : contactClosed(door.model, door.state);
        return applyStep(state, door.id, step);
      }
      case "rex": {
        const door = doorOf(state, input.device, "rex");
        if (door === null) return { state, effects: NOTHING };
        return applyStep(state, door.id, requestToExit(door.model, door.state, now));
      }
      case "device_status":
        return {
          state,
          effects: [{ type: "event", event: { type: "device", device: input.device, status: input.status, reason: input.reason } }],
        };
      case "tick":
        return tick(state, now);
    }
  };
}
