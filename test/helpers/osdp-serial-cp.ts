import { expect, vi } from "vitest";
import { Command } from "../../src/drivers/osdp/codes.js";
import { OsdpBus } from "../../src/drivers/osdp/cp-bus.js";
import type { OsdpNotice } from "../../src/drivers/osdp/cp-notices.js";
import type { CpOptions, SecurePolicy } from "../../src/drivers/osdp/cp-options.js";
import type { OsdpTransport } from "../../src/drivers/osdp/transport.js";
import { systemTimers } from "../../src/time/timers.js";
import { silentLogger, type Logger } from "../../src/util/log.js";
import { H10301, MemoryKeys, pairedKey } from "./osdp-cp-site.js";
import { SimReader } from "./osdp-reader.js";
import type { DeviceLine } from "./osdp-wire.js";

/** A control panel on real time and one paired simulated reader, over a serial transport. */
export interface SerialCp {
  bus: OsdpBus;
  reader: SimReader;
  notices: OsdpNotice[];
}

const ADDRESS = 1;

/** How the panel is set up: the reader's Secure Channel policy and the logger (default silent). */
export interface SerialCpOptions {
  secure?: SecurePolicy;
  log?: Logger;
  /** Bus timing. */
  timing?: CpOptions;
}

/** Builds the panel on `transport` and a reader on `line` (already attached to the port); starts the bus. */
export function serialCp(transport: OsdpTransport, line: DeviceLine, options: SerialCpOptions = {}): SerialCp {
  const secure = options.secure ?? "required";
  const keys = new MemoryKeys();
  if (secure === "required") keys.set(ADDRESS, pairedKey(ADDRESS));
  const reader = new SimReader(line, { address: ADDRESS, key: keys.get(ADDRESS) });
  const notices: OsdpNotice[] = [];
  const bus = new OsdpBus([{ address: ADDRESS, secure }], {
    transport,
    timers: systemTimers,
    log: options.log ?? silentLogger(),
    keys,
    onNotice: (n) => notices.push(n),
  }, options.timing);
  bus.start();
  return { bus, reader, notices };
}

/** The notices of one type, in order. */
export const noticesOf = <T extends OsdpNotice["type"]>(cp: SerialCp, type: T) =>
  cp.notices.filter((n): n is Extract<OsdpNotice, { type: T }> => n.type === type);

/** Waits until the reader is online (under its session, unless it is a plaintext reader). */
export async function untilOnline(cp: SerialCp): Promise<void> {
  await vi.waitFor(() => expect(cp.bus.state(ADDRESS)).toBe("online"), { timeout: 5000, interval: 10 });
  expect(noticesOf(cp, "online").length).toBeGreaterThan(0);
}

/** The handshake ran in order and the reader is polled inside the session. */
export async function expectSecureSession(cp: SerialCp): Promise<void> {
  await untilOnline(cp);
  expect(noticesOf(cp, "secure")).toEqual([{ type: "secure", address: ADDRESS, secure: true, keyType: "scbk" }]);
  await vi.waitFor(() => expect(cp.reader.commands.filter((c) => c === Command.POLL).length).toBeGreaterThan(3), {
    timeout: 5000,
    interval: 10,
  });
  expect(cp.reader.commands.slice(0, 5)).toEqual([Command.ID, Command.CAP, Command.CHLNG, Command.SCRYPT, Command.POLL]);
  expect(cp.reader.secure).toBe(true);
  expect(noticesOf(cp, "alarm")).toEqual([]);
}

/** A card presented at the reader comes out as one `card` notice with its bits. */
export async function expectCardRead(cp: SerialCp): Promise<void> {
  await untilOnline(cp);
  cp.reader.queueCard(H10301);
  await vi.waitFor(() => expect(noticesOf(cp, "card")).toHaveLength(1), { timeout: 5000, interval: 10 });
  expect(noticesOf(cp, "card")).toEqual([{ type: "card", address: ADDRESS, reader: 0, format: "wiegand", bitCount: 26, bits: H10301 }]);
}

/** Replies cut into three chunks 100 ms apart (a buffered USB adapter) are still read whole. */
export async function expectChunkedRead(cp: SerialCp): Promise<void> {
  await untilOnline(cp);
  const before = cp.bus.counters(ADDRESS);
  if (before === null) throw new Error("no counters for the reader");
  cp.reader.chunking = { count: 3, gapMs: 100 };
  cp.reader.queueCard(H10301);
  await vi.waitFor(() => expect(noticesOf(cp, "card")).toHaveLength(1), { timeout: 5000, interval: 10 });
  expect(noticesOf(cp, "card")[0]?.bits).toBe(H10301);
  expect(cp.bus.counters(ADDRESS)).toMatchObject({ timeouts: before.timeouts, retries: before.retries, crcErrors: 0 });
  expect(noticesOf(cp, "offline")).toEqual([]);
}
