import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The site id of the one-door serial site. */
export const SERIAL_SITE_ID = "serial-school";

/**
 * The site YAML of one access group to every exterior door and one staff holder in it, h-1 "Pat Doe",
 * whose badge is H10301 with this facility and card number (and, when given, whose PIN is `pin`).
 */
export function exteriorHolderLines(facility: number, number: number, pin?: string): string[] {
  return [
    "access_groups:",
    "  - { id: outside, door_groups: [exterior] }",
    "cardholders:",
    "  - id: h-1",
    "    name: Pat Doe",
    "    role: staff",
    "    access_groups: [outside]",
    ...(pin === undefined ? [] : [`    pin: "${pin}"`]),
    `    badges: [{ format: h10301, facility: ${facility}, number: ${number} }]`,
  ];
}

/** A card+PIN front door: its reader has a Wiegand keypad, the holder's PIN and how long it is waited for. */
export interface SerialKeypadDoor {
  readonly pin: string;
  readonly pinTimeoutMs: number;
}

/**
 * A one-door site whose reader is a Wiegand-to-serial converter at `readerPath` (the gateway's end
 * of a pty pair) and whose lock is a simulated strike; one staff holder may pass, with the badge
 * FC 123 / CN 45678. With `keypad` the reader has a keypad and the door wants the holder's PIN too.
 * Writes it under `dir/config` and returns that directory.
 */
export function writeSerialSite(dir: string, readerPath: string, strikeMs = 5000, keypad?: SerialKeypadDoor): string {
  const config = join(dir, "config");
  const model = keypad === undefined ? "generic/wiegand-serial-text" : "generic/wiegand-keypad-serial-text";
  const lines = [
    `site: { id: ${SERIAL_SITE_ID}, name: Serial School, timezone: America/Chicago }`,
    "broker: { host: 127.0.0.1, port: 0, anonymous: viewer }",
    `storage: { path: ${join(dir, "audit.db")} }`,
    ...(keypad === undefined ? [] : [`readers: { pin_timeout_ms: ${keypad.pinTimeoutMs} }`]),
    "devices:",
    `  - { id: rdr-front, model: ${model}, serial: { path: "${readerPath}" } }`,
    "  - { id: lk-front, model: sim/strike }",
    "doors:",
    `  - { id: front, name: Front door, groups: [exterior], readers: [rdr-front], lock: lk-front, strike_ms: ${strikeMs}, card_and_pin: ${keypad !== undefined} }`,
    ...exteriorHolderLines(123, 45678, keypad?.pin),
  ];
  mkdirSync(config);
  writeFileSync(join(config, "site.yaml"), `${lines.join("\n")}\n`);
  return config;
}
