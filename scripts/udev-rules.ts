/**
 * Writes systemd/70-gatehouse.rules, the udev rules scripts/install.sh installs, from the device
 * catalog: every HID model that names its USB ids gets its /dev/hidraw* node in group plugdev, and
 * every USB serial adapter a stable name under /dev/gatehouse/. Run `npm run -s udev-rules` after a
 * catalog change; test/install/udev-rules.test.ts fails while the shipped file is out of date.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadCatalog, type Catalog } from "../src/catalog/load.js";
import type { CatalogModel } from "../src/catalog/schema.js";

/** Where the generated rules are kept in the repository. */
export const RULES_FILE = fileURLToPath(new URL("../systemd/70-gatehouse.rules", import.meta.url));

/** A USB id as udev prints it in `ATTRS{idVendor}`: four lower-case hex digits. */
function usbHex(id: number): string {
  return id.toString(16).padStart(4, "0");
}

const HEADER = [
  "# Gatehouse udev rules, written by scripts/udev-rules.ts from the device catalog: do not edit here.",
  "# Installed as /etc/udev/rules.d/70-gatehouse.rules by scripts/install.sh. Numbered after",
  "# 60-serial.rules, which sets the ID_* properties the serial names below are made of.",
  "# Site-specific devices (generic models whose ids are in the site config) go in a file of the",
  "# site's own, /etc/udev/rules.d/71-gatehouse-site.rules, in the same form as the HID lines below.",
];

const SERIAL = [
  "",
  "# USB serial adapters (Wiegand converters, RS-485 for OSDP, detector and receiver ports) keep group",
  "# dialout and get a name that survives reboots and replugging in another order:",
  "# /dev/gatehouse/usb-<vid>-<pid>-<serial>-if<interface> (the interface tells the ports of a",
  "# multi-port adapter apart), or, for adapters without a serial number, a name by USB port:",
  "# /dev/gatehouse/usb-<vid>-<pid>-port-<path>.",
  'SUBSYSTEM=="tty", ENV{ID_BUS}=="usb", ENV{ID_SERIAL_SHORT}=="?*", SYMLINK+="gatehouse/usb-$env{ID_VENDOR_ID}-$env{ID_MODEL_ID}-$env{ID_SERIAL_SHORT}-if$env{ID_USB_INTERFACE_NUM}"',
  'SUBSYSTEM=="tty", ENV{ID_BUS}=="usb", ENV{ID_SERIAL_SHORT}!="?*", ENV{ID_PATH_TAG}=="?*", SYMLINK+="gatehouse/usb-$env{ID_VENDOR_ID}-$env{ID_MODEL_ID}-port-$env{ID_PATH_TAG}"',
  "",
  "# GPIO character devices: group gpio (Raspberry Pi OS does this itself; plain Debian does not).",
  'SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"',
];

/**
 * The hidraw rule of one model, after a comment line naming it (udev allows no comment after a rule),
 * or null when the model is not HID or names no USB ids.
 */
function hidLines(model: CatalogModel): string[] | null {
  const t = model.transport;
  if (t.type !== "hid" || t.vendor_id === undefined || t.product_id === undefined) return null;
  const ids = `ATTRS{idVendor}=="${usbHex(t.vendor_id)}", ATTRS{idProduct}=="${usbHex(t.product_id)}"`;
  return [`# ${model.model}`, `SUBSYSTEM=="hidraw", ${ids}, GROUP="plugdev", MODE="0660"`];
}

/** The rules file for a catalog: fixed serial and GPIO rules, then one hidraw line per HID model with ids. */
export function udevRules(catalog: Catalog): string {
  const hid = [...catalog.models.values()]
    .sort((a, b) => a.model.localeCompare(b.model))
    .flatMap((m) => hidLines(m) ?? []);
  const hidPart = [
    "",
    "# USB HID badge readers and panic buttons of the catalog: /dev/hidraw* is root's alone by default;",
    "# group plugdev (the gateway's) may read them, nobody else.",
    ...(hid.length > 0 ? hid : ["# (no catalog model names its USB ids yet)"]),
  ];
  return `${[...HEADER, ...SERIAL, ...hidPart].join("\n")}\n`;
}

/** Loads the shipped catalog and writes the rules file; fails on any catalog problem. */
function main(): void {
  const { catalog, problems } = loadCatalog();
  if (problems.length > 0) throw new Error(`catalog has ${problems.length} problem(s): run gatehouse check`);
  writeFileSync(RULES_FILE, udevRules(catalog));
  console.log(`wrote ${RULES_FILE}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
