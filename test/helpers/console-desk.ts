import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Cleanups } from "./cleanups.js";
import { consoleDemo } from "./console-site.js";
import { FakeHid, hidInfo } from "./fake-hid.js";
import { tempDir } from "./temp-dir.js";
import { wedgeReports } from "./wedge-typing.js";

/** The USB ids the front desk's ID scanner has in this variant of the demo. */
const SCANNER_IDS = { vendorId: 0x0c2e, productId: 0x0b61 } as const;
/** How long the scanner's keys stop before a scan counts as read (the catalog's max_gap_ms, and a bit). */
const SCAN_GAP_MS = 350;

/**
 * The demo site with its console and a keyboard-wedge ID scanner at the front desk on a fake HID bus;
 * `scan` types an AAMVA fixture (test/fixtures/aamva) through it as the scanner would.
 */
export async function deskConsoleDemo(cleanups: Cleanups) {
  const dir = tempDir(cleanups, "gatehouse-desk-console-");
  cpSync("config/demo", dir, { recursive: true });
  const devices = join(dir, "devices.yaml");
  const line = `  - { id: desk-scanner, model: generic/usb-2d-id-scanner, name: Front desk ID scanner, hid: { vendor_id: ${SCANNER_IDS.vendorId}, product_id: ${SCANNER_IDS.productId} } }\n`;
  writeFileSync(devices, readFileSync(devices, "utf8").replace("devices:\n", `devices:\n${line}`));
  const hid = new FakeHid();
  const scanner = hid.plug(hidInfo(SCANNER_IDS));
  const site = await consoleDemo(cleanups, { configDir: dir, hid });
  const scan = async (fixture: string) => {
    for (let i = 0; i < 200 && !scanner.open; i++) await new Promise((r) => setTimeout(r, 10));
    if (!scanner.open) throw new Error("the gateway did not open the desk's scanner");
    const text = readFileSync(join(import.meta.dirname, "../fixtures/aamva", fixture), "latin1");
    for (const report of wedgeReports(text)) scanner.send(report);
    site.timers.advance(SCAN_GAP_MS);
  };
  return { ...site, scan };
}
