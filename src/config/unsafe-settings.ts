import { isIP } from "node:net";
import type { Catalog } from "../catalog/load.js";
import type { Locator, Problem } from "../source/problems.js";
import type { Path } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/**
 * Settings that work but expose the school: an unencrypted or password-free broker reachable from the
 * network, a district link in clear text, an egress door whose fail-safe lock a fire alarm would not
 * release. Warnings at the field concerned, never a reason to refuse the configuration: a site may
 * have its reasons (an isolated network, a TLS proxy in front), and `check` shows them to be sure.
 */

type Warn = (field: Path, message: string) => void;

/** Whether an address to bind or to reach stays on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h.startsWith("::ffff:127.");
  return false;
}

/** A listener of the embedded broker as configured: where it binds, and the field that says so. */
interface Exposure {
  readonly label: string;
  readonly host: string;
  readonly field: Path;
  readonly encrypted: boolean;
}

function exposures(broker: SiteConfig["broker"]): Exposure[] {
  const list: Exposure[] = [{ label: "the MQTT listener", host: broker.host, field: ["broker", "host"], encrypted: false }];
  const { tls, websocket } = broker;
  // A listener without its own host binds broker.host: the warning points at the listener's section.
  const field = (name: string, host: string | undefined): Path => ["broker", name, ...(host === undefined ? [] : ["host"])];
  if (tls !== undefined) list.push({ label: "the TLS listener", host: tls.host ?? broker.host, field: field("tls", tls.host), encrypted: true });
  if (websocket !== undefined) {
    list.push({ label: "the WebSocket listener", host: websocket.host ?? broker.host, field: field("websocket", websocket.host), encrypted: false });
  }
  return list.filter((e) => !isLoopback(e.host));
}

function brokerWarnings(broker: SiteConfig["broker"], warn: Warn): void {
  const exposed = exposures(broker);
  for (const e of exposed.filter((x) => !x.encrypted)) {
    const remedy = e.label === "the MQTT listener" ? "bind it to 127.0.0.1 and give remote clients broker.tls" : "bind it to 127.0.0.1 behind a TLS proxy";
    const risk = "passwords and door commands cross it in clear text";
    warn(e.field, `${e.label} on ${e.host} is reachable from the network unencrypted: ${risk}; ${remedy}`);
  }
  const first = exposed[0];
  if (broker.anonymous !== "deny" && first !== undefined) {
    const who = `anonymous: ${broker.anonymous} lets anyone who reaches ${first.host}`;
    warn(["broker", "anonymous"], `${who} watch every door, alarm and safety mode without a password; set anonymous: deny, or keep every listener on 127.0.0.1`);
  }
}

function uplinkWarnings(uplink: NonNullable<SiteConfig["uplink"]>, warn: Warn): void {
  const url = new URL(uplink.url);
  if (url.protocol !== "mqtt:" || isLoopback(url.hostname)) return;
  const risk = "the gateway's password, its events and district commands cross the network in clear text";
  warn(["uplink", "url"], `the district link to ${url.hostname} is unencrypted (mqtt://): ${risk}; use mqtts://`);
}

/** Doors declared not egress although their lock is fail-safe (a maglock): a fire alarm leaves them locked. */
function egressWarnings(config: SiteConfig, catalog: Catalog, warn: Warn): void {
  const models = new Map(config.devices.map((d) => [d.id, d.model]));
  config.doors.forEach((door, i) => {
    if (door.egress !== false || door.lock === undefined) return;
    const model = catalog.models.get(models.get(door.lock) ?? "");
    if (model?.fail_mode !== "safe") return;
    const lock = `its lock ${door.lock} (${model.model}) is fail-safe, as on egress paths`;
    warn(["doors", i, "egress"], `door ${door.id} is not egress but ${lock}: a fire alarm will not release it; remove egress: false unless the door is no way out`);
  });
}

/**
 * Warnings about unsafe settings in the sections that passed their schema check (`passed`), located
 * with `locate` (paths as in `config`, mapped to the source by `remap` where entries were left out).
 */
export function unsafeSettingWarnings(
  config: SiteConfig,
  catalog: Catalog,
  passed: ReadonlySet<string>,
  locate: Locator,
  remap: (path: Path) => Path = (p) => p,
): Problem[] {
  const warnings: Problem[] = [];
  const warn: Warn = (field, message) => {
    const at = remap(field);
    warnings.push({ ...locate(at), path: at.join("."), message });
  };
  if (passed.has("broker")) brokerWarnings(config.broker, warn);
  if (passed.has("uplink") && config.uplink !== undefined) uplinkWarnings(config.uplink, warn);
  egressWarnings(config, catalog, warn);
  return warnings;
}
