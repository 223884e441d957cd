import { GatewayError } from "../../util/errors.js";

/** A HID device as the system lists it. */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  /** What to open (a /dev/hidrawN path on Linux); null when the system gave none. */
  readonly path: string | null;
  readonly serialNumber: string | null;
  readonly manufacturer: string | null;
  readonly product: string | null;
  /** USB interface number; -1 or null when unknown. */
  readonly interface: number | null;
  readonly usagePage: number | null;
  readonly usage: number | null;
}

/** An open HID device: input reports arrive as `data`, a disconnect as `error`. */
export interface HidHandle {
  on(event: "data", listener: (data: Buffer) => void): void;
  on(event: "error", listener: (err: Error) => void): void;
  off(event: "data", listener: (data: Buffer) => void): void;
  off(event: "error", listener: (err: Error) => void): void;
  close(): Promise<void>;
}

/** Access to the HID devices. Injected so tests run on a fake. */
export interface HidApi {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

type NodeHid = typeof import("node-hid");

/**
 * node-hid, loaded on first use: a gateway without HID devices never loads its native binding (which
 * needs libusb-1.0-0 and libudev at run time). `getHidapiVersion` forces the binding to load here, so
 * a missing library shows up as one clear error instead of a failure on the first list.
 */
async function loadNodeHid(): Promise<NodeHid> {
  try {
    const mod = await import("node-hid");
    const hid = (mod.devicesAsync === undefined ? (mod as unknown as { default: NodeHid }).default : mod) as NodeHid;
    hid.getHidapiVersion();
    return hid;
  } catch (err) {
    throw new GatewayError(
      "DEVICE_UNAVAILABLE",
      "node-hid could not be loaded (it needs libusb-1.0-0 and libudev1: apt-get install libusb-1.0-0)",
      { cause: err },
    );
  }
}

function orNull<T>(x: T | undefined): T | null {
  return x === undefined ? null : x;
}

/** The real HID access, through node-hid (hidraw on Linux). */
export function nodeHidApi(): HidApi {
  return {
    devices: async () => {
      const hid = await loadNodeHid();
      const list = await hid.devicesAsync();
      return list.map((d) => ({
        vendorId: d.vendorId,
        productId: d.productId,
        path: orNull(d.path),
        serialNumber: orNull(d.serialNumber),
        manufacturer: orNull(d.manufacturer),
        product: orNull(d.product),
        interface: d.interface,
        usagePage: orNull(d.usagePage),
        usage: orNull(d.usage),
      }));
    },
    open: async (path) => {
      const hid = await loadNodeHid();
      const handle: HidHandle = await hid.HIDAsync.open(path);
      return handle;
    },
  };
}
