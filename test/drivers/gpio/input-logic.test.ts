import { describe, expect, it } from "vitest";
import type { DeviceKind } from "../../../src/catalog/schema.js";
import type { Input } from "../../../src/core/inputs.js";
import { CIRCUIT_OPEN, createLevelLogic, GPIO_INPUT_KINDS } from "../../../src/drivers/gpio/input-logic.js";
import { ManualTimers } from "../../helpers/manual-timers.js";

function logic(kind: DeviceKind, supervisionMs: number | null = null) {
  const timers = new ManualTimers();
  const inputs: Input[] = [];
  const l = createLevelLogic({ deviceId: "d", kind, emit: (i) => inputs.push(i), timers, supervisionMs });
  if (l === null) throw new Error(`no logic for ${kind}`);
  return { l, timers, inputs };
}

const trouble = { kind: "device_status", device: "d", status: "trouble", reason: CIRCUIT_OPEN };
const restored = { kind: "device_status", device: "d", status: "online", reason: "circuit restored" };
const panic = (pressed: boolean) => ({ kind: "panic", device: "d", pressed });

describe("GPIO input logic by kind", () => {
  it("has logic for every input kind and none for outputs or readers", () => {
    for (const kind of GPIO_INPUT_KINDS) expect(logic(kind).l).toBeDefined();
    for (const kind of ["lock", "strobe", "sounder", "reader"] as const) {
      expect(createLevelLogic({ deviceId: "d", kind, emit: () => undefined, timers: new ManualTimers(), supervisionMs: null })).toBeNull();
    }
  });

  it("tells a contact's state at start and on every change", () => {
    const { l, inputs } = logic("contact");
    l.initial(true);
    l.change(false);
    expect(inputs).toEqual([
      { kind: "contact", device: "d", open: true },
      { kind: "contact", device: "d", open: false },
    ]);
  });

  it("tells a fire alarm active at start at once, so doors release after a restart during an alarm", () => {
    const { l, inputs } = logic("fire_alarm");
    l.initial(true);
    expect(inputs).toEqual([{ kind: "fire_alarm", device: "d", active: true }]);
  });

  it("makes one request to exit per press and says nothing on release or at start", () => {
    const { l, inputs } = logic("rex");
    l.initial(true);
    l.change(false);
    l.change(true);
    l.change(false);
    expect(inputs).toEqual([{ kind: "rex", device: "d" }]);
  });

  it("counts metal detector alarms, one per closing", () => {
    const { l, inputs } = logic("metal_detector");
    l.initial(true);
    l.change(false);
    l.change(true);
    l.change(false);
    l.change(true);
    expect(inputs).toEqual([
      { kind: "screening", device: "d", result: "alarm", zones: [], counts: { alarms: 1 } },
      { kind: "screening", device: "d", result: "alarm", zones: [], counts: { alarms: 2 } },
    ]);
  });

  describe("a supervised normally-closed panic loop", () => {
    it("reports a press at once and no trouble when released within the supervision time", () => {
      const { l, timers, inputs } = logic("panic", 10_000);
      l.change(true);
      expect(inputs).toEqual([panic(true)]);
      timers.advance(9_999);
      l.change(false);
      timers.advance(60_000);
      expect(inputs).toEqual([panic(true), panic(false)]);
    });

    it("reports a loop open longer than the supervision time as trouble, and clears it when the loop closes", () => {
      const { l, timers, inputs } = logic("panic", 10_000);
      l.change(true);
      timers.advance(10_000);
      expect(inputs).toEqual([panic(true), trouble]);
      timers.advance(60_000);
      expect(inputs).toHaveLength(2);
      l.change(false);
      expect(inputs).toEqual([panic(true), trouble, panic(false), restored]);
    });

    it("reports a loop already open at start as a press, then as trouble", () => {
      const { l, timers, inputs } = logic("panic", 5_000);
      l.initial(true);
      timers.advance(5_000);
      expect(inputs).toEqual([panic(true), trouble]);
    });

    it("says nothing at start when the loop is closed", () => {
      const { l, inputs } = logic("panic", 5_000);
      l.initial(false);
      expect(inputs).toEqual([]);
    });

    it("never reports trouble without a supervision time", () => {
      const { l, timers, inputs } = logic("panic", null);
      l.change(true);
      timers.advance(3_600_000);
      expect(inputs).toEqual([panic(true)]);
    });

    it("cancels supervision on stop", () => {
      const { l, timers, inputs } = logic("panic", 1_000);
      l.change(true);
      l.stop();
      timers.advance(5_000);
      expect(inputs).toEqual([panic(true)]);
    });
  });
});
