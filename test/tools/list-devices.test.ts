import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { Catalog } from "../../src/catalog/load.js";
import type { CatalogModel } from "../../src/catalog/schema.js";
import {
  formatDeviceJson,
  formatDeviceTable,
  listDevices,
  runDevicesCommand,
  systemListers,
  type DeviceListers,
} from "../../src/tools/list-devices.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { shippedCatalog } from "../helpers/device-harness.js";
import { hidInfo } from "../helpers/fake-hid.js";

/** The shipped catalog plus one HID model that declares its USB ids. */
function catalogWithIds(): Catalog {
  const base = shippedCatalog();
  const wedge = base.models.get("generic/usb-keyboard-wedge-reader") as CatalogModel;
  if (wedge.transport.type !== "hid") throw new Error("not hid");
  const branded: CatalogModel = {
    ...wedge,
    model: "acme/wedge-100",
    transport: { ...wedge.transport, vendor_id: 0x1209, product_id: 0x0001 },
  };
  return { models: new Map([...base.models, [branded.model, branded]]) };
}

const FTDI = {
  path: "/dev/ttyUSB0",
  manufacturer: "FTDI",
  serialNumber: "A50285BI",
  pnpId: "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0",
  vendorId: "0403",
  productId: "6001",
};

const listers = (over: Partial<DeviceListers> = {}): DeviceListers => ({
  listSerial: async () => [FTDI, { path: "/dev/ttyS0" }],
  listHid: async () => [
    hidInfo({ vendorId: 0x1209, productId: 0x0001, path: "/dev/hidraw0", serialNumber: "R1", manufacturer: "Acme", product: "Wedge" }),
    hidInfo({ vendorId: 0x0c45, productId: 0x7403, path: "/dev/hidraw1" }),
    hidInfo({ vendorId: 0x046d, productId: 0xc077, path: "/dev/hidraw2", usagePage: 0x01, usage: 0x02, product: "Mouse" }),
  ],
  ...over,
});

describe("listing serial ports and HID devices", () => {
  it("gives serial ports their by-id path and ids, and HID devices their matching models", async () => {
    const listing = await listDevices(listers(), catalogWithIds());
    expect(listing.problems).toEqual([]);
    expect(listing.devices).toHaveLength(5);
    expect(listing.devices[0]).toMatchObject({
      bus: "serial",
      path: "/dev/ttyUSB0",
      byId: "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0",
      vendorId: 0x0403,
      productId: 0x6001,
      serialNumber: "A50285BI",
    });
    expect(listing.devices[1]).toMatchObject({ path: "/dev/ttyS0", byId: null, vendorId: null, models: [] });
    expect(listing.devices[2]).toMatchObject({ bus: "hid", models: ["acme/wedge-100"], description: "Acme Wedge" });
    expect(listing.devices[3]?.models).toEqual([]);
    expect(listing.devices[3]?.candidates).toEqual(
      expect.arrayContaining(["generic/usb-keyboard-wedge-reader", "generic/usb-hotkey-panic-button"]),
    );
    expect(listing.devices[4]?.candidates).toEqual([]);
  });

  it("explains a missing udevadm and still lists HID devices", async () => {
    const enoent = Object.assign(new Error("spawn udevadm ENOENT"), { code: "ENOENT" });
    const listing = await listDevices(listers({ listSerial: () => Promise.reject(enoent) }), catalogWithIds());
    expect(listing.problems).toEqual([
      "serial: cannot list ports: udevadm was not found (install the udev package: apt-get install udev)",
    ]);
    expect(listing.devices.every((d) => d.bus === "hid")).toBe(true);
  });

  it("prints an aligned table with lsusb-style ids, and the problems as warnings", async () => {
    const listing = await listDevices(listers({ listHid: () => Promise.reject(new Error("node-hid could not be loaded")) }), catalogWithIds());
    const text = formatDeviceTable(listing);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^BUS\s+PATH\s+VID:PID\s+SERIAL\s+DEVICE\s+MODEL$/);
    expect(lines[1]).toContain("/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0");
    expect(lines[1]).toContain("0403:6001");
    expect(lines[2]).toContain("----:----");
    expect(lines[0]?.indexOf("VID:PID")).toBe(lines[1]?.indexOf("0403:6001"));
    expect(lines.at(-1)).toBe("warning: hid: cannot list devices: node-hid could not be loaded");
  });

  it("says so when nothing is found", () => {
    expect(formatDeviceTable({ devices: [], problems: [] })).toContain("(no serial ports or HID devices found)");
  });

  it("prints snake_case JSON with --json", async () => {
    let out = "";
    const code = await runDevicesCommand({ json: true, catalog: catalogWithIds(), listers: listers(), write: (t) => (out += t) });
    expect(code).toBe(0);
    const json = JSON.parse(out) as { devices: Record<string, unknown>[]; problems: string[] };
    expect(json.devices[2]).toMatchObject({ bus: "hid", path: "/dev/hidraw0", vendor_id: 0x1209, product_id: 1, serial_number: "R1", models: ["acme/wedge-100"] });
    expect(formatDeviceJson({ devices: [], problems: ["x"] })).toBe('{\n  "devices": [],\n  "problems": [\n    "x"\n  ]\n}\n');
  });

  it("exits 1 when neither bus could be listed", async () => {
    const fail = () => Promise.reject(new Error("nope"));
    const code = await runDevicesCommand({ json: false, catalog: catalogWithIds(), listers: { listSerial: fail, listHid: fail }, write: () => undefined });
    expect(code).toBe(1);
  });
});

describe("the real listers on this machine", () => {
  const cleanups = cleanupsAfterEach();

  it("explains a missing udevadm when serialport cannot run it", async () => {
    const path = process.env["PATH"];
    cleanups.push(() => {
      process.env["PATH"] = path;
    });
    process.env["PATH"] = "/nonexistent";
    const listing = await listDevices({ ...systemListers(), listHid: async () => [] }, shippedCatalog());
    expect(listing.problems).toEqual([
      "serial: cannot list ports: udevadm was not found (install the udev package: apt-get install udev)",
    ]);
  });

  it("runs as `gatehouse devices --json`", async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", "devices", "--json"], { cwd: process.cwd() });
    const json = JSON.parse(stdout) as { devices: unknown[]; problems: string[] };
    expect(Array.isArray(json.devices)).toBe(true);
    expect(Array.isArray(json.problems)).toBe(true);
  });
});
