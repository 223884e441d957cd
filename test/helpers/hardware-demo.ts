import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Sysfs numbers of the hardware demo's lines on a Pi 4 (BCM line + 512). */
export const HARDWARE_DEMO_LINES = {
  /** The east door's contact: high while the door is open. */
  eastContact: 529,
  /** The east door's strike (fail-secure): locked is low. */
  eastStrike: 524,
  /** The gym door's maglock (fail-safe, egress by default): locked is high. */
  gymMaglock: 525,
  /** The fire alarm panel's relay: high in alarm. */
  fire: 533,
} as const;

/** The USB ids the site gives the office's hotkey panic button. */
export const HARDWARE_DEMO_PANIC = { vendorId: 0x1209, productId: 0x0001 } as const;

/** Demo devices moved onto wired and USB hardware: the sim line and what replaces it. */
const ON_HARDWARE: readonly (readonly [string, string])[] = [
  ["  - { id: dc-east, model: sim/door-contact }", "  - { id: dc-east, model: generic/gpio-door-contact, gpio: { line: 17 } }"],
  ["  - { id: lk-east, model: sim/strike }", "  - { id: lk-east, model: generic/gpio-strike-relay, gpio: { line: 12 } }"],
  ["  - { id: lk-gym, model: sim/maglock }", "  - { id: lk-gym, model: generic/gpio-maglock-relay, gpio: { line: 13 } }"],
  [
    "  - { id: panic-office, model: sim/panic-button, name: Front office panic button }",
    `  - { id: panic-office, model: generic/usb-hotkey-panic-button, name: Front office panic button, hid: { vendor_id: ${HARDWARE_DEMO_PANIC.vendorId}, product_id: ${HARDWARE_DEMO_PANIC.productId} } }`,
  ],
  [
    "  - { id: fire-panel, model: sim/fire-alarm-relay, name: Fire alarm panel relay }",
    "  - { id: fire-panel, model: generic/gpio-fire-alarm-relay, name: Fire alarm panel relay, gpio: { line: 21 } }",
  ],
];

/**
 * A copy of the demo config in `dir` where the east door (contact and strike), the gym maglock and
 * the fire panel are on GPIO and the office panic button is a USB hotkey button; every other device
 * stays simulated. Returns the copy's config directory.
 */
export function writeHardwareDemo(dir: string): string {
  const config = join(dir, "config");
  cpSync("config/demo", config, { recursive: true });
  const path = join(config, "devices.yaml");
  let text = readFileSync(path, "utf8");
  for (const [sim, wired] of ON_HARDWARE) {
    if (!text.includes(sim)) throw new Error(`demo devices.yaml no longer has: ${sim}`);
    text = text.replace(sim, wired);
  }
  writeFileSync(path, text);
  return config;
}
