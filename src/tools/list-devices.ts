import type { Catalog } from "../catalog/load.js";
import type { CatalogModel } from "../catalog/schema.js";
import { nodeHidApi, type HidDeviceInfo } from "../drivers/hid/hid-api.js";

/** A serial port as serialport's `SerialPort.list()` reports it (ids are hex strings). */
export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  /** The name under /dev/serial/by-id/, when udev made one. */
  readonly pnpId?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
}

/** Where the device lists come from. Injected so tests run without hardware. */
export interface DeviceListers {
  listSerial(): Promise<SerialPortInfo[]>;
  listHid(): Promise<HidDeviceInfo[]>;
}

/** One device found, with the catalog models that fit it. */
export interface ListedDevice {
  readonly bus: "serial" | "hid";
  /** What to open: /dev/ttyUSB0, /dev/hidraw0. */
  readonly path: string;
  /** The stable path to put in a site config (serial only): /dev/serial/by-id/…; null when udev made none. */
  readonly byId: string | null;
  readonly vendorId: number | null;
  readonly productId: number | null;
  readonly serialNumber: string | null;
  /** Manufacturer and product, as the device names itself. */
  readonly description: string;
  /** Catalog models declaring these exact USB ids. */
  readonly models: readonly string[];
  /** Generic models of this bus without ids that may fit (a keyboard for a wedge reader…). */
  readonly candidates: readonly string[];
}

/** What `gatehouse devices` found, and what it could not list (one message per bus). */
export interface DeviceListing {
  readonly devices: readonly ListedDevice[];
  readonly problems: readonly string[];
}

/** USB HID generic desktop page (0x01), keyboard usage (0x06): HID Usage Tables 1.4 §4. */
const USAGE_PAGE_DESKTOP = 0x01;
const USAGE_KEYBOARD = 0x06;

function hexId(s: string | undefined): number | null {
  if (s === undefined || !/^[0-9a-fA-F]{1,4}$/.test(s)) return null;
  return Number.parseInt(s, 16);
}

/** A model's USB ids, wherever its transport declares them (`vendor_id`/`product_id`). */
function usbIdsOf(model: CatalogModel): { vendorId: number; productId: number } | null {
  const t = model.transport as Record<string, unknown>;
  const v = t["vendor_id"];
  const p = t["product_id"];
  return typeof v === "number" && typeof p === "number" ? { vendorId: v, productId: p } : null;
}

function modelsFor(catalog: Catalog, bus: "serial" | "hid", vendorId: number | null, productId: number | null): string[] {
  if (vendorId === null || productId === null) return [];
  return [...catalog.models.values()]
    .filter((m) => m.transport.type === bus)
    .filter((m) => {
      const ids = usbIdsOf(m);
      return ids !== null && ids.vendorId === vendorId && ids.productId === productId;
    })
    .map((m) => m.model);
}

function keyboardCandidates(catalog: Catalog, info: HidDeviceInfo): string[] {
  if (info.usagePage !== USAGE_PAGE_DESKTOP || info.usage !== USAGE_KEYBOARD) return [];
  return [...catalog.models.values()]
    .filter((m) => m.transport.type === "hid" && m.transport.report.format === "boot_keyboard" && usbIdsOf(m) === null)
    .map((m) => m.model);
}

function describe(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === "string" && p.length > 0).join(" ");
}

function serialRow(catalog: Catalog, p: SerialPortInfo): ListedDevice {
  const vendorId = hexId(p.vendorId);
  const productId = hexId(p.productId);
  return {
    bus: "serial",
    path: p.path,
    byId: p.pnpId ? `/dev/serial/by-id/${p.pnpId}` : null,
    vendorId,
    productId,
    serialNumber: p.serialNumber ?? null,
    description: describe(p.manufacturer),
    models: modelsFor(catalog, "serial", vendorId, productId),
    candidates: [],
  };
}

function hidRow(catalog: Catalog, d: HidDeviceInfo): ListedDevice {
  return {
    bus: "hid",
    path: d.path ?? "",
    byId: null,
    vendorId: d.vendorId,
    productId: d.productId,
    serialNumber: d.serialNumber,
    description: describe(d.manufacturer, d.product),
    models: modelsFor(catalog, "hid", d.vendorId, d.productId),
    candidates: keyboardCandidates(catalog, d),
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Why a serial listing failed, in words an installer can act on. */
function serialProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || /udevadm/.test(messageOf(err))) {
    return "serial: cannot list ports: udevadm was not found (install the udev package: apt-get install udev)";
  }
  return `serial: cannot list ports: ${messageOf(err)}`;
}

/** List serial ports and HID devices, and match each to the catalog. A bus that fails is a problem, not an error. */
export async function listDevices(listers: DeviceListers, catalog: Catalog): Promise<DeviceListing> {
  const devices: ListedDevice[] = [];
  const problems: string[] = [];
  const [serial, hid] = await Promise.allSettled([listers.listSerial(), listers.listHid()]);
  if (serial.status === "fulfilled") devices.push(...serial.value.map((p) => serialRow(catalog, p)));
  else problems.push(serialProblem(serial.reason));
  if (hid.status === "fulfilled") devices.push(...hid.value.map((d) => hidRow(catalog, d)));
  else problems.push(`hid: cannot list devices: ${messageOf(hid.reason)}`);
  return { devices, problems };
}

/** The real listers: serialport and node-hid, each loaded only when the command runs. */
export function systemListers(): DeviceListers {
  return {
    listSerial: async () => {
      const { SerialPort } = await import("serialport");
      return SerialPort.list();
    },
    listHid: () => nodeHidApi().devices(),
  };
}

/** A USB id as lsusb prints it: four lower-case hex digits. */
function hex4(n: number | null): string {
  return n === null ? "----" : n.toString(16).padStart(4, "0");
}

function modelCell(d: ListedDevice): string {
  if (d.models.length > 0) return d.models.join(", ");
  if (d.candidates.length > 0) return `maybe ${d.candidates.join(", ")} (set hid.vendor_id/product_id)`;
  return "-";
}

/** The listing as an aligned text table, then one warning line per problem. */
export function formatDeviceTable(listing: DeviceListing): string {
  const table = [
    ["BUS", "PATH", "VID:PID", "SERIAL", "DEVICE", "MODEL"],
    ...listing.devices.map((d) => [
      d.bus,
      d.byId ?? d.path,
      `${hex4(d.vendorId)}:${hex4(d.productId)}`,
      d.serialNumber ?? "-",
      d.description || "-",
      modelCell(d),
    ]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length))) ?? [];
  const lines = table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  "));
  if (listing.devices.length === 0) lines.push("(no serial ports or HID devices found)");
  for (const p of listing.problems) lines.push(`warning: ${p}`);
  return `${lines.join("\n")}\n`;
}

/** The listing as JSON (snake_case, as on the wire). */
export function formatDeviceJson(listing: DeviceListing): string {
  const devices = listing.devices.map((d) => ({
    bus: d.bus,
    path: d.path,
    by_id: d.byId,
    vendor_id: d.vendorId,
    product_id: d.productId,
    serial_number: d.serialNumber,
    description: d.description,
    models: d.models,
    candidates: d.candidates,
  }));
  return `${JSON.stringify({ devices, problems: listing.problems }, null, 2)}\n`;
}

/** Options of the `gatehouse devices` command. */
export interface DevicesCommandOptions {
  readonly json: boolean;
  readonly catalog: Catalog;
  readonly listers?: DeviceListers;
  readonly write: (text: string) => void;
}

/** Run `gatehouse devices`: print the table (or JSON). Exit status 0, or 1 when no bus could be listed. */
export async function runDevicesCommand(opts: DevicesCommandOptions): Promise<number> {
  const listing = await listDevices(opts.listers ?? systemListers(), opts.catalog);
  opts.write(opts.json ? formatDeviceJson(listing) : formatDeviceTable(listing));
  return listing.problems.length >= 2 ? 1 : 0;
}
