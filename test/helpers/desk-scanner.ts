import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Cleanups } from "./cleanups.js";
import { FakeHid, hidInfo, type FakeHidDevice } from "./fake-hid.js";
import type { ManualTimers } from "./manual-timers.js";
import { visitorDemoDir } from "./visitor-site.js";
import { wedgeReports } from "./wedge-typing.js";

/** The USB ids the site gives its front desk's licence scanner. */
const SCANNER_IDS = { vendorId: 0x0c2e, productId: 0x0b61 } as const;
/** The scanner's device id: its scans land on `state/desk/desk-scanner`. */
export const DESK_SCANNER = "desk-scanner";
/** The catalog's quiet gap that ends a scan, plus one. */
const SCAN_GAP_MS = 301;

/**
 * A copy of the demo config (its own `visitors.yaml`, see visitor-site.ts) with a USB licence scanner
 * at the front desk; returns the config directory.
 */
export function deskScannerDir(cleanups: Cleanups, visitorsYaml?: string): string {
  const dir = visitorDemoDir(cleanups, visitorsYaml);
  const line = `  - { id: ${DESK_SCANNER}, model: generic/usb-2d-id-scanner, name: Front desk ID scanner, hid: { vendor_id: ${SCANNER_IDS.vendorId}, product_id: ${SCANNER_IDS.productId} } }\n`;
  appendFileSync(join(dir, "devices.yaml"), line);
  return dir;
}

/** A fake HID bus with the desk's scanner plugged in. */
export function deskHid(): { hid: FakeHid; scanner: FakeHidDevice } {
  const hid = new FakeHid();
  return { hid, scanner: hid.plug(hidInfo(SCANNER_IDS)) };
}

/** The text of an AAMVA fixture (test/fixtures/aamva) as the card holds it. */
export function aamvaFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/aamva/${name}`, import.meta.url), "latin1");
}

/** Type `fixture` through the scanner's keyboard wedge, then let the keys stop so the scan ends. */
export function typeScan(scanner: FakeHidDevice, timers: ManualTimers, fixture: string): void {
  for (const report of wedgeReports(aamvaFixture(fixture))) scanner.send(report);
  timers.advance(SCAN_GAP_MS);
}
