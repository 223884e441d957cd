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

/**
 * A one-door site whose reader is a Wiegand-to-serial converter at `readerPath` (the gateway's end
 * of a pty pair) and whose lock is a simulated strike; one staff holder may pass, with the badge
 * FC 123 / CN 45678. Writes it under `dir/config` and returns that directory.
 */
export function writeSerialSite(dir: string, readerPath: string, strikeMs = 5000): string {
  const config = join(dir, "config");
  const lines = [
    `site: { id: ${SERIAL_SITE_ID}, name: Serial School, timezone: America/Chicago }`,
    "broker: { host: 127.0.0.1, port: 0, anonymous: viewer }",
    `storage: { path: ${join(dir, "audit.db")} }`,
    "devices:",
    `  - { id: rdr-front, model: generic/wiegand-serial-text, serial: { path: "${readerPath}" } }`,
    "  - { id: lk-front, model: sim/strike }",
    "doors:",
    `  - { id: front, name: Front door, groups: [exterior], readers: [rdr-front], lock: lk-front, strike_ms: ${strikeMs} }`,
    ...exteriorHolderLines(123, 45678),
  ];
  mkdirSync(config);
  writeFileSync(join(config, "site.yaml"), `${lines.join("\n")}\n`);
  return config;
}
