import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OSDP_KEY_DIR } from "../../src/drivers/osdp/osdp-keys.js";
import { exteriorHolderLines } from "./serial-site.js";

/** The site id of the two-reader OSDP site. */
export const OSDP_SITE_ID = "osdp-school";

/** Broker accounts of the site: an administrator and an operator. */
export const OSDP_ADMIN = { username: "admin", password: "admin-password" };
export const OSDP_OPERATOR = { username: "op", password: "operator-password" };

/** The holder's PIN on a card+PIN site. */
export const OSDP_PIN = "2580";

/** One reader of the site: its device id, address and Secure Channel policy. */
export interface OsdpSiteReader {
  id: string;
  address: number;
  secure: "required" | "install" | "plaintext";
}

/**
 * A site with two doors, each with one OSDP reader, both on the bus at `port` (the gateway's end of a
 * pty pair), with short offline detection; one staff holder whose badge is H10301 facility 1, card
 * 1234; with `cardAndPin` the side door also wants the holder's PIN, OSDP_PIN, typed on its reader's
 * keypad (a reader with a keypad and a display). The audit store (and so the data directory, with the readers' keys) is `dir`. Returns the
 * config directory.
 */
export function writeOsdpSite(
  dir: string,
  port: string,
  readers: readonly [OsdpSiteReader, OsdpSiteReader],
  cardAndPin = false,
  /** More settings of the bus entry, in YAML flow style (e.g. `capture: bus.osdpcap`). */
  bus: Record<string, string | number> = {},
): string {
  const config = join(dir, "config");
  mkdirSync(join(config, "secrets"), { recursive: true });
  for (const [name, account] of [["admin", OSDP_ADMIN], ["op", OSDP_OPERATOR]] as const) {
    writeFileSync(join(config, "secrets", `${name}.password`), account.password, { mode: 0o600 });
  }
  const [a, b] = readers;
  const device = (r: OsdpSiteReader, model = "generic/osdp-reader") => `  - { id: ${r.id}, model: ${model}, osdp: { port: "${port}", address: ${r.address}, secure: ${r.secure} } }`;
  const lines = [
    `site: { id: ${OSDP_SITE_ID}, name: OSDP School, timezone: America/Chicago }`,
    "broker:",
    "  host: 127.0.0.1",
    "  port: 0",
    "  anonymous: viewer",
    "  demo: true",
    "  users:",
    "    - { username: admin, password_file: secrets/admin.password, role: admin }",
    "    - { username: op, password_file: secrets/op.password, role: operator }",
    `storage: { path: ${join(dir, "audit.db")} }`,
    `osdp: { buses: [{ port: "${port}", offline_after_ms: 1000${Object.entries(bus).map(([k, v]) => `, ${k}: ${v}`).join("")} }] }`,
    "devices:",
    device(a),
    device(b, cardAndPin ? "generic/osdp-reader-keypad-display" : undefined),
    "  - { id: lk-front, model: sim/strike }",
    "  - { id: lk-side, model: sim/strike }",
    "doors:",
    `  - { id: front, name: Front door, groups: [exterior], readers: [${a.id}], lock: lk-front }`,
    `  - { id: side, name: Side door, groups: [exterior], readers: [${b.id}], lock: lk-side, card_and_pin: ${cardAndPin} }`,
    ...exteriorHolderLines(1, 1234, cardAndPin ? OSDP_PIN : undefined),
  ];
  writeFileSync(join(config, "site.yaml"), `${lines.join("\n")}\n`);
  return config;
}

/** Stores a reader's key in the data directory `dir`, as pairing would have. */
export function storeReaderKey(dir: string, id: string, key: Uint8Array): void {
  const keys = join(dir, OSDP_KEY_DIR);
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  writeFileSync(join(keys, `${id}.scbk`), `${Buffer.from(key).toString("hex")}\n`, { mode: 0o600 });
  chmodSync(join(keys, `${id}.scbk`), 0o600);
}
