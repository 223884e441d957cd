import type { Catalog } from "../catalog/load.js";
import type { Locator, Problem } from "../source/problems.js";
import { storagePathIn } from "./data-dir.js";
import type { Findings } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/** What one bus (port) carries, as the configuration says. */
interface BusUse {
  readonly addresses: Map<number, string>;
  readonly rates: Set<number>;
  install: string | null;
}

/**
 * The OSDP readers of a site, by bus: an address once per bus, one reader in install mode per bus
 * (pairing is one deliberate act at a time), one baud rate per bus, and no bus settings for a port
 * no reader names.
 */
export function checkOsdpReferences(f: Findings, config: SiteConfig, catalog: Catalog): void {
  const buses = new Map<string, BusUse>();
  const busRate = new Map((config.osdp?.buses ?? []).map((b) => [b.port, b.baud_rate]));
  config.devices.forEach((d, i) => {
    if (d.osdp === undefined) return;
    const { port, address, secure } = d.osdp;
    const bus = buses.get(port) ?? { addresses: new Map<number, string>(), rates: new Set<number>(), install: null };
    buses.set(port, bus);
    const other = bus.addresses.get(address);
    if (other !== undefined) f.add(["devices", i, "osdp", "address"], `address ${address} on ${port} is already reader "${other}"`);
    bus.addresses.set(address, d.id);
    if (secure === "install") {
      if (bus.install !== null) f.add(["devices", i, "osdp", "secure"], `reader "${bus.install}" on ${port} is already in install mode; pair one reader at a time`);
      bus.install ??= d.id;
    }
    const model = catalog.models.get(d.model);
    const rate = busRate.get(port) ?? (model?.transport.type === "osdp" ? model.transport.baud_rate : undefined);
    if (rate !== undefined) bus.rates.add(rate);
    if (bus.rates.size > 1) f.add(["devices", i, "model"], `the readers on ${port} have different baud rates; set one in osdp.buses`);
  });
  (config.osdp?.buses ?? []).forEach((b, i) => {
    if (!buses.has(b.port)) f.add(["osdp", "buses", i, "port"], `no OSDP reader is on ${b.port}`);
  });
}

/**
 * Warnings: a reader polled in clear shows its card reads to anyone on the cable; a bus capture
 * keeps raw packets on disk, a plaintext reader's card numbers in clear among them.
 */
export function osdpWarnings(config: SiteConfig, locate: Locator): Problem[] {
  const at = (path: (string | number)[], message: string): Problem => ({ ...locate(path), path: path.join("."), message });
  const plaintext = config.devices.flatMap((d, i) => {
    if (d.osdp?.secure !== "plaintext") return [];
    const message = `reader "${d.id}" runs without Secure Channel: its card reads cross the cable in clear and anyone on the bus can pose as it; use required once the reader can`;
    return [at(["devices", i, "osdp", "secure"], message)];
  });
  const captures = (config.osdp?.buses ?? []).flatMap((b, i) => {
    if (b.capture === undefined) return [];
    const message = `the traffic of ${b.port} is captured to ${b.capture}: raw packets, with the card numbers of any plaintext reader in clear; capture only while diagnosing, then remove it and the file`;
    return [at(["osdp", "buses", i, "capture"], message)];
  });
  return [...plaintext, ...captures];
}

/**
 * The buses' capture files resolved against the data directory like the other storage paths, or
 * the problem of one that leaves it.
 */
export function resolveOsdpCaptures(config: SiteConfig, dataDir: string, explicit: boolean, locate: Locator): { config: SiteConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  if (config.osdp === undefined) return { config, problems };
  const buses = config.osdp.buses.map((b, i) => {
    if (b.capture === undefined) return b;
    const r = storagePathIn(b.capture, dataDir, explicit);
    if ("path" in r) return { ...b, capture: r.path };
    const path = ["osdp", "buses", i, "capture"];
    problems.push({ ...locate(path), path: path.join("."), message: r.problem });
    return b;
  });
  return { config: { ...config, osdp: { ...config.osdp, buses } }, problems };
}
