import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../../../src/core/events.js";
import { feedbackFor, osdpCommands } from "../../../src/drivers/osdp/osdp-feedback.js";
import { cueSignal } from "../../../src/drivers/reader-signal.js";
import { KeypadEntry } from "../../../src/drivers/keypad-entry.js";
import { encodeReaderCommand } from "../../../src/drivers/osdp/cp-online.js";
import { LedColor } from "../../../src/drivers/osdp/commands.js";

const stored = { id: "00000000-0000-4000-8000-000000000000", seq: 1, ts: "2026-11-23T08:00:00.000Z" };
const access = (result: "granted" | "denied"): StoredEvent =>
  ({ ...stored, type: "access", door: "front", reader: "rdr-front", result, reason: null, credential: { format: "h10301", facility: 1, number: 1, raw: "" }, holder: null, role: null }) as StoredEvent;

describe("OSDP reader feedback", () => {
  it("shows a grant green with one beep and a denial red with two, on the reader that read the badge", () => {
    const granted = feedbackFor(access("granted"));
    const denied = feedbackFor(access("denied"));
    expect(granted).toMatchObject({ reader: "rdr-front", commands: [{ kind: "led", records: [{ temporary: { control: 2, onColor: LedColor.green } }] }, { kind: "buzzer", control: { count: 1 } }] });
    expect(denied).toMatchObject({ reader: "rdr-front", commands: [{ kind: "led", records: [{ temporary: { control: 2, onColor: LedColor.red } }] }, { kind: "buzzer", control: { count: 2 } }] });
    for (const c of [...(granted?.commands ?? []), ...(denied?.commands ?? [])]) expect(encodeReaderCommand(c).ok).toBe(true);
  });

  it("flashes red for as long as a lockout lasts, and stops when it ends", () => {
    const lockout = { ...stored, type: "alarm", alarm: "reader_lockout", device: "rdr-front", door: "front", location: null, until: "2026-11-23T08:00:30.000Z" } as const;
    expect(feedbackFor({ ...lockout, active: true })).toMatchObject({ reader: "rdr-front", commands: [{ kind: "led", records: [{ temporary: { control: 2, onColor: LedColor.red, timer: 300 } }] }] });
    expect(feedbackFor({ ...lockout, active: false })).toMatchObject({ commands: [{ kind: "led", records: [{ permanent: { control: 1, onColor: LedColor.black } }] }] });
  });

  it("sets every reader flashing red in a lockdown, and back to rest when another mode replaces it", () => {
    const mode = { ...stored, type: "mode", previous: "normal", drill: false, silent: false, by: "admin", actor: null, location: null, reason: null } as const;
    expect(feedbackFor({ ...mode, action: "raised", mode: "lockdown" })).toMatchObject({ all: true, commands: [{ kind: "led", records: [{ permanent: { onColor: LedColor.red } }] }] });
    expect(feedbackFor({ ...mode, action: "cleared", mode: "normal" })).toMatchObject({ all: true, commands: [{ kind: "led", records: [{ permanent: { onColor: LedColor.black } }] }] });
    expect(feedbackFor({ ...stored, type: "door", door: "front", action: "opened" } as StoredEvent)).toBeNull();
  });
});

describe("OSDP reader prompts", () => {
  it("asks for the PIN with amber flashing for the PIN timeout, one beep and a text while it lasts", () => {
    const prompt = cueSignal({ type: "cue", reader: "rdr-front", cue: "present_pin", ms: 10_000 });
    expect(prompt).toMatchObject({ reader: "rdr-front" });
    const commands = osdpCommands(prompt.signal);
    expect(commands).toMatchObject([
      { kind: "led", records: [{ temporary: { control: 2, onColor: LedColor.amber, timer: 100 } }] },
      { kind: "buzzer", control: { count: 1 } },
      { kind: "text", control: { mode: 3, seconds: 10, text: "Enter PIN" } },
    ]);
    for (const c of commands) expect(encodeReaderCommand(c).ok).toBe(true);
  });
});

describe("OSDP keypad PIN entry", () => {
  it("hands over what was typed before #, clears on *, and keys arriving in pieces", () => {
    const keypad = new KeypadEntry();
    expect(keypad.push("12")).toEqual([]);
    expect(keypad.push("34#")).toEqual(["1234"]);
    expect(keypad.push("99*56#")).toEqual(["56"]);
    expect(keypad.push("#")).toEqual([]);
    keypad.push("777");
    keypad.clear();
    expect(keypad.push("1#2#")).toEqual(["1", "2"]);
  });
});
