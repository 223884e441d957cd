import type { SerialDecoder } from "../../catalog/transport-serial.js";
import { compile, compilePatterns, frameText, match, troubleReason, unmatched, type DecodeOutcome, type FrameDecoder } from "./decode-common.js";

/** Transmitter key when the receiver's lines carry no transmitter id. */
const ANY = "";

/**
 * A wireless panic receiver's lines. With a restore pattern the device is pressed while any
 * transmitter is in alarm and released when the last one is restored (a pendant retransmits ALARM
 * to get through interference; repeats change nothing). Without one an alarm is momentary: pressed,
 * then released at once. Check-ins (and alarms, restores) prove a transmitter alive; trouble lines
 * report low battery, tamper and the like. The check-in window itself is timed by the device.
 */
export function createPanicDecoder(
  device: string,
  d: Extract<SerialDecoder, { type: "panic_receiver" }>,
): FrameDecoder {
  const { alarm, restore, checkin, trouble } = compilePatterns(d.patterns);
  const ignore = compile(d.ignore);
  const inAlarm = new Set<string>();
  const press = (pressed: boolean, source: string | null): DecodeOutcome => ({
    kind: "input",
    input: { kind: "panic", device, pressed },
    source,
  });

  const onAlarm = (id: string | null): DecodeOutcome[] => {
    const alive: DecodeOutcome = { kind: "alive", source: id };
    if (restore === undefined) return [press(true, id), press(false, id), alive];
    const wasIdle = inAlarm.size === 0;
    inAlarm.add(id ?? ANY);
    return wasIdle ? [press(true, id), alive] : [alive];
  };

  const onRestore = (id: string | null): DecodeOutcome[] => {
    const alive: DecodeOutcome = { kind: "alive", source: id };
    if (!inAlarm.delete(id ?? ANY)) return [alive];
    return inAlarm.size === 0 ? [press(false, id), alive] : [alive];
  };

  return {
    decode(frame): DecodeOutcome[] {
      const text = frameText(frame);
      const a = match(alarm, text);
      if (a !== null) return onAlarm(a.id ?? null);
      const r = match(restore, text);
      if (r !== null) return onRestore(r.id ?? null);
      const c = match(checkin, text);
      if (c !== null) return [{ kind: "alive", source: c.id ?? null }];
      const t = match(trouble, text);
      if (t !== null) {
        const what = troubleReason(t, "trouble");
        return [{ kind: "trouble", reason: t.id === undefined ? what : `${what} (transmitter ${t.id})` }];
      }
      return unmatched(ignore, text);
    },
  };
}
