import { describe, expect, it } from "vitest";
import type { DeviceDriver } from "../../src/drivers/driver.js";
import { DriverTable } from "../../src/runtime/driver-table.js";
import { deviceOf } from "../helpers/device-harness.js";

function driver(id: string): DeviceDriver {
  return {
    device: deviceOf("generic/gpio-door-contact", {}, id),
    counters: { framesOk: 0, framesBad: 0, reconnects: 0 },
    start: async () => undefined,
    stop: async () => undefined,
  };
}

describe("the driver table", () => {
  it("keeps configuration order as the inputs join the outputs, in the one map its holders read", () => {
    const table = new DriverTable(["reader-1", "lock-1", "contact-1", "lock-2"]);
    const held = table.all;
    table.add(new Map([["lock-2", driver("lock-2")], ["lock-1", driver("lock-1")]]));
    expect([...held.keys()]).toEqual(["lock-1", "lock-2"]);
    table.add(new Map([["contact-1", driver("contact-1")], ["reader-1", driver("reader-1")]]));
    expect([...held.keys()]).toEqual(["reader-1", "lock-1", "contact-1", "lock-2"]);
    expect(table.all).toBe(held);
  });

  it("leaves out a driver for a device the configuration does not name", () => {
    const table = new DriverTable(["lock-1"]);
    table.add(new Map([["ghost", driver("ghost")], ["lock-1", driver("lock-1")]]));
    expect([...table.all.keys()]).toEqual(["lock-1"]);
  });
});
