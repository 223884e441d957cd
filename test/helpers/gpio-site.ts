import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSite } from "../../src/config/load-site.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";

/** Sysfs numbers of the GPIO site's lines on a Pi 4 (BCM line + 512). */
export const GPIO_SITE_LINES = {
  /** The front door's maglock (fail-safe, egress by default): locked is high. */
  frontMaglock: 525,
  /** The office's strike (fail-secure, declared egress): locked is low. */
  officeStrike: 524,
  /** The fire alarm panel's relay: high in alarm. */
  fire: 533,
} as const;

/** Writes a two-door site on GPIO hardware (store in `dir`) and returns its config directory. */
export function writeGpioSite(dir: string): string {
  const config = join(dir, "config");
  const lines = [
    "site: { id: gpio-school, name: GPIO School, timezone: America/Chicago }",
    "broker: { host: 127.0.0.1, port: 0, anonymous: viewer }",
    `storage: { path: ${join(dir, "audit.db")} }`,
    "devices:",
    "  - { id: lk-front, model: generic/gpio-maglock-relay, gpio: { line: 13 } }",
    "  - { id: lk-office, model: generic/gpio-strike-relay, gpio: { line: 12 } }",
    "  - { id: fire-panel, model: generic/gpio-fire-alarm-relay, gpio: { line: 21 } }",
    "doors:",
    "  - { id: front, name: Front door, groups: [exterior], lock: lk-front }",
    "  - { id: office, name: Office, groups: [interior], lock: lk-office, egress: true }",
  ];
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, "site.yaml"), `${lines.join("\n")}\n`);
  return config;
}

/** The GPIO site's runtime model. */
export function gpioSiteModel(dir: string): RuntimeModel {
  const loaded = loadSite({ configDir: writeGpioSite(dir) });
  if (!loaded.ok) throw new Error(`gpio site invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.model;
}
