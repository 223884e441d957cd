import { silentLogger } from "../../src/util/log.js";
import { parseFrame } from "../../src/drivers/osdp/frame-parser.js";
import { OsdpBus } from "../../src/drivers/osdp/cp-bus.js";
import type { OsdpNotice } from "../../src/drivers/osdp/cp-notices.js";
import type { CpOptions, ReaderConfig } from "../../src/drivers/osdp/cp-options.js";
import type { KeyStore } from "../../src/drivers/osdp/cp-policy.js";
import type { OsdpTransport } from "../../src/drivers/osdp/transport.js";
import { ManualTimers } from "./manual-timers.js";
import { SimReader, type SimReaderOptions } from "./osdp-reader.js";
import { SimWire } from "./osdp-wire.js";

/** An in-memory key store. */
export class MemoryKeys implements KeyStore {
  readonly keys = new Map<number, Uint8Array>();
  get(address: number): Uint8Array | null {
    return this.keys.get(address) ?? null;
  }
  set(address: number, key: Uint8Array): void {
    this.keys.set(address, key.slice());
  }
}

/** HID 26-bit H10301, facility 1, card 1234 (even parity, 8-bit facility, 16-bit card, odd parity). */
export const H10301 = "0" + "00000001" + "0000010011010010" + "1";

/** A fixed key per address for readers that are already paired (never SCBK-D, never one repeated byte). */
export function pairedKey(address: number): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => (address * 31 + i * 7 + 1) & 0xff);
}

/** A control panel and simulated readers on one simulated bus, on a manual clock. */
export interface CpSite {
  timers: ManualTimers;
  wire: SimWire;
  bus: OsdpBus;
  keys: MemoryKeys;
  notices: OsdpNotice[];
  /** Called with each notice as it is emitted, after it is recorded. */
  listeners: ((notice: OsdpNotice) => void)[];
  readers: Map<number, SimReader>;
  /** Notices of one type (and reader), in order. */
  of<T extends OsdpNotice["type"]>(type: T, address?: number): Extract<OsdpNotice, { type: T }>[];
}

/**
 * Builds a site: each reader entry configures the panel side (`secure`) and the device side; a
 * `required` reader gets a key already paired on both sides unless `paired: false`.
 */
export function cpSite(
  readers: (ReaderConfig & Partial<SimReaderOptions> & { paired?: boolean })[],
  options: CpOptions = {},
  /** What the panel sees of the wire (default the wire itself; e.g. a capturing wrapper). */
  through: (wire: SimWire) => OsdpTransport = (wire) => wire,
): CpSite {
  const timers = new ManualTimers(0);
  const wire = new SimWire(timers);
  const keys = new MemoryKeys();
  const notices: OsdpNotice[] = [];
  const listeners: ((notice: OsdpNotice) => void)[] = [];
  const sims = new Map<number, SimReader>();
  for (const r of readers) {
    const paired = r.paired ?? (r.secure ?? "required") === "required";
    if (paired) keys.set(r.address, pairedKey(r.address));
    const key = r.key !== undefined ? r.key : paired ? pairedKey(r.address) : null;
    sims.set(r.address, new SimReader(wire, { ...r, key }));
  }
  const configs = readers.map(({ address, secure }) => ({ address, secure }));
  const bus = new OsdpBus(configs, { transport: through(wire), timers, log: silentLogger(), keys, onNotice: (n) => {
    notices.push(n);
    for (const l of listeners) l(n);
  } }, options);
  const of = <T extends OsdpNotice["type"]>(type: T, address?: number) =>
    notices.filter((n): n is Extract<OsdpNotice, { type: T }> => n.type === type && (address === undefined || n.address === address));
  return { timers, wire, bus, keys, notices, listeners, readers: sims, of };
}

/** A site whose bus has started and had half a second: paired readers are online in session. */
export function onlineSite(readers: Parameters<typeof cpSite>[0], options: CpOptions = {}): CpSite {
  const site = cpSite(readers, options);
  site.bus.start();
  site.timers.advance(500);
  return site;
}

/** The simulated reader at an address (throws when the site has none). */
export function sim(site: CpSite, address: number): SimReader {
  const r = site.readers.get(address);
  if (!r) throw new Error(`no simulated reader at ${address}`);
  return r;
}

/** A command the control panel wrote: when, to whom, its code and whether it carried a security block. */
export interface Sent {
  at: number;
  address: number;
  code: number;
  sequence: number;
  scb: boolean;
}

/** Every command the control panel wrote (to one address when given); each write must be exactly one packet. */
export function sentCommands(site: CpSite, address?: number): Sent[] {
  const out: Sent[] = [];
  for (const w of site.wire.written) {
    const r = parseFrame(w.bytes);
    if (r.kind !== "frame") throw new Error(`the control panel wrote a bad packet: ${JSON.stringify(r)}`);
    if (r.consumed !== w.bytes.length) throw new Error("the control panel wrote more than one packet in one write");
    const { address: to, code, sequence, scb } = r.frame;
    if (address === undefined || to === address) out.push({ at: w.at, address: to, code, sequence, scb: scb !== null });
  }
  return out;
}
