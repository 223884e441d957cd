import type { Decision } from "./decide.js";
import type { ReaderAlarmInput } from "./inputs.js";
import type { SiteModel } from "./model.js";
import type { CoreState } from "./state.js";

/**
 * A reader reported a condition of its own (tamper, power, the security of its link): an alarm
 * event naming the reader, its door and where it is, on each change. The driver sends changes only,
 * so the core keeps no state for it; the reader keeps reading badges either way.
 */
export function onReaderAlarm(model: SiteModel, state: CoreState, input: ReaderAlarmInput): Decision {
  const binding = model.deviceDoor.get(input.reader);
  const door = binding?.part === "reader" ? binding.door : null;
  const location = model.deviceLocation.get(input.reader) ?? (door === null ? null : (model.doors.get(door)?.name ?? null));
  return {
    state,
    effects: [
      {
        type: "event",
        event: {
          type: "alarm",
          alarm: `reader_${input.alarm}`,
          active: input.active,
          device: input.reader,
          door,
          location,
          until: null,
          reason: input.reason,
        },
      },
    ],
  };
}
