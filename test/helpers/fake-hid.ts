import { EventEmitter } from "node:events";
import type { HidApi, HidDeviceInfo, HidHandle } from "../../src/drivers/hid/hid-api.js";
import { GatewayError } from "../../src/util/errors.js";

/**
 * One physical fake device. The same emitter is handed out at every open, like a device that comes
 * back at the same path, so listeners a driver forgets to remove pile up where a test can count them.
 */
export class FakeHidDevice extends EventEmitter implements HidHandle {
  opens = 0;
  closes = 0;
  open = false;

  constructor(readonly info: HidDeviceInfo) {
    super();
  }

  async close(): Promise<void> {
    this.closes++;
    this.open = false;
  }

  /** The device sends an input report. */
  send(bytes: Uint8Array | string): void {
    const data = typeof bytes === "string" ? Buffer.from(bytes.replace(/\s+/g, ""), "hex") : Buffer.from(bytes);
    this.emit("data", data);
  }
}

/** Build a device description with defaults. */
export function hidInfo(over: Partial<HidDeviceInfo> & { vendorId: number; productId: number }): HidDeviceInfo {
  return {
    path: `/dev/hidraw-${over.vendorId.toString(16)}-${over.productId.toString(16)}`,
    serialNumber: null,
    manufacturer: "Fake",
    product: "Fake HID",
    interface: 0,
    usagePage: 1,
    usage: 6,
    ...over,
  };
}

/** A fake HID bus: devices are plugged and unplugged by the test. */
export class FakeHid implements HidApi {
  private readonly present = new Map<string, FakeHidDevice>();
  private readonly known = new Map<string, FakeHidDevice>();
  listings = 0;
  /** Make listing fail as if node-hid's native library were missing. */
  unavailable = false;

  /** Plug a device in; a device seen before comes back as the same emitter. */
  plug(info: HidDeviceInfo): FakeHidDevice {
    const path = info.path ?? "";
    const dev = this.known.get(path) ?? new FakeHidDevice(info);
    this.known.set(path, dev);
    this.present.set(path, dev);
    return dev;
  }

  /** Pull a device out: an open handle reports an error, as node-hid's read does. */
  unplug(path: string): void {
    const dev = this.present.get(path);
    this.present.delete(path);
    if (dev?.open) dev.emit("error", new Error("could not read from HID device"));
  }

  async devices(): Promise<HidDeviceInfo[]> {
    this.listings++;
    if (this.unavailable) throw new GatewayError("DEVICE_UNAVAILABLE", "node-hid could not be loaded");
    return [...this.present.values()].map((d) => d.info);
  }

  async open(path: string): Promise<HidHandle> {
    const dev = this.present.get(path);
    if (dev === undefined) throw new Error(`cannot open ${path}`);
    dev.opens++;
    dev.open = true;
    return dev;
  }
}
