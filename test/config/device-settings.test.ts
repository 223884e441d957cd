import { describe, expect, it } from "vitest";
import { DEFAULT_DEBOUNCE_MS, resolveFailMode, resolveSettings } from "../../src/config/device-settings.js";
import { catalogModel } from "../helpers/serial-harness.js";

describe("resolved device settings", () => {
  it("a GPIO input takes the site's debounce over the model's, and the model's over the default", () => {
    const contact = catalogModel("generic/gpio-door-contact");
    expect(resolveSettings(contact, { gpio: { line: 17, debounceMs: 5 } })).toEqual({
      transport: "gpio",
      line: 17,
      activeLow: false,
      debounceMs: 5,
      supervisionMs: null,
    });
    expect(resolveSettings(contact, { gpio: { line: 17, debounceMs: null } })).toMatchObject({ debounceMs: 50 });
    const strike = catalogModel("generic/gpio-strike-relay");
    expect(resolveSettings(strike, { gpio: { line: 12 } })).toMatchObject({ debounceMs: DEFAULT_DEBOUNCE_MS });
    expect(resolveSettings(strike, {})).toMatchObject({ line: null });
  });

  it("a serial device takes the site's baud rate over the model's and the model's framing settings", () => {
    const reader = catalogModel("generic/ascii-card-reader");
    const t = reader.transport;
    if (t.type !== "serial") throw new Error("not a serial model");
    expect(resolveSettings(reader, { serial: { path: "/dev/ttyS0", baudRate: 19200 } })).toEqual({
      transport: "serial",
      path: "/dev/ttyS0",
      baudRate: 19200,
      dataBits: t.data_bits,
      parity: t.parity,
      stopBits: t.stop_bits,
      rtscts: t.rtscts,
    });
    expect(resolveSettings(reader, { serial: { path: "/dev/ttyS0" } })).toMatchObject({ baudRate: t.baud_rate });
  });

  it("a HID device takes the site's USB ids; a generic model without ids leaves them unset", () => {
    const button = catalogModel("generic/usb-hotkey-panic-button");
    expect(resolveSettings(button, { hid: { vendorId: 0x1209, productId: 1, serialNumber: "A" } })).toEqual({
      transport: "hid",
      vendorId: 0x1209,
      productId: 1,
      serialNumber: "A",
      interface: null,
    });
    expect(resolveSettings(button, {})).toMatchObject({ vendorId: null, productId: null, serialNumber: null });
  });

  it("only locks have a fail mode, as their model declares it", () => {
    expect(resolveFailMode(catalogModel("generic/gpio-maglock-relay"))).toBe("safe");
    expect(resolveFailMode(catalogModel("generic/gpio-strike-relay"))).toBe("secure");
    expect(resolveFailMode(catalogModel("generic/gpio-strobe-relay"))).toBeNull();
    expect(resolveSettings(catalogModel("sim/strike"), {})).toEqual({ transport: "sim" });
  });
});
