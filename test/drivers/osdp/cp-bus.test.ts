import { describe, expect, it } from "vitest";
import { Command } from "../../../src/drivers/osdp/codes.js";
import { OsdpBus } from "../../../src/drivers/osdp/cp-bus.js";
import type { OsdpTransport } from "../../../src/drivers/osdp/transport.js";
import { silentLogger } from "../../../src/util/log.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { cpSite, MemoryKeys, pairedKey, sentCommands, sim, type CpSite } from "../../helpers/osdp-cp-site.js";
import { SimReader } from "../../helpers/osdp-reader.js";
import type { DeviceLine, WirePeer } from "../../helpers/osdp-wire.js";

/** A line on which the device's reply arrives inside the control panel's `write` call. */
class SynchronousLine implements OsdpTransport, DeviceLine {
  private receiver: ((chunk: Uint8Array) => void) | null = null;
  private readonly peers: WirePeer[] = [];
  writes = 0;
  attach(peer: WirePeer): void {
    this.peers.push(peer);
  }
  send(bytes: Uint8Array): void {
    this.receiver?.(bytes);
  }
  write(bytes: Uint8Array): void {
    this.writes++;
    for (const p of this.peers) p.hear(bytes);
  }
  onData(receive: (chunk: Uint8Array) => void): () => void {
    this.receiver = receive;
    return () => (this.receiver = null);
  }
}

const ADDRESSES = [0, 1, 2, 3, 4, 5, 6, 7];

/** About 9600 baud: a secure POLL and its ACK are some 30 bytes on the wire, ~30 ms with turnaround. */
const LATENCY_MS = 30;
/**
 * The two regimes of a bus: at 9600 baud eight exchanges take longer than the 50 ms poll interval
 * (the bus sets the period); at 115,200 baud they fit in it (the interval sets the period, and a
 * 200 ms reply timeout is four periods).
 */
const REGIMES = [
  { name: "9600 baud", latencyMs: LATENCY_MS },
  { name: "115200 baud", latencyMs: 5 },
];

function eightReaders(latencyMs = LATENCY_MS): CpSite {
  return cpSite(ADDRESSES.map((address) => ({ address, latencyMs })));
}

/** Mean time between polls of a reader within [from, to). */
function meanPollPeriod(site: CpSite, address: number, from: number, to: number): number {
  const at = sentCommands(site, address)
    .filter((s) => s.code === Command.POLL && s.at >= from && s.at < to)
    .map((s) => s.at);
  if (at.length < 2) return Infinity;
  return ((at.at(-1) ?? 0) - (at[0] ?? 0)) / (at.length - 1);
}

/** The handshakes a reader went through. */
const handshakes = (site: CpSite, address: number): number => sim(site, address).commands.filter((c) => c === Command.CHLNG).length;

describe("OSDP control panel: several readers on one bus", () => {
  it("keeps one command outstanding at a time", () => {
    const site = eightReaders();
    site.bus.start();
    site.timers.advance(3000);
    const sent = sentCommands(site);
    // Each command goes out only after the previous reply (LATENCY_MS) came back.
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(LATENCY_MS);
    expect(ADDRESSES.every((a) => site.bus.state(a) === "online")).toBe(true);
    site.bus.stop();
  });

  it("keeps one command outstanding when a notice listener queues commands", () => {
    const site = eightReaders();
    const beep = { reader: 0, tone: 2 as const, onTime: 1, offTime: 1, count: 1 };
    site.listeners.push((n) => {
      if (n.type === "online" || n.type === "command") site.bus.send(n.address, { kind: "buzzer", control: beep });
    });
    site.bus.start();
    site.timers.advance(3000);
    const sent = sentCommands(site);
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(LATENCY_MS);
    expect(site.of("command").length).toBeGreaterThan(8);
    site.bus.stop();
  });

  it("keeps one command outstanding when a listener queues a command while a turn is being refused", () => {
    // Reader 0 has no key: its turn ends in a default_key alarm before anything is sent.
    const readers = ADDRESSES.map((address) => ({ address, latencyMs: LATENCY_MS, paired: address !== 0 }));
    const site = cpSite(readers, { alarmIntervalMs: 1, backoffMaxMs: 500 });
    const beep = { reader: 0, tone: 2 as const, onTime: 1, offTime: 1, count: 1 };
    site.listeners.push((n) => {
      if (n.type === "alarm") site.bus.send(1, { kind: "buzzer", control: beep });
    });
    site.bus.start();
    site.timers.advance(10_000);
    expect(site.of("alarm", 0).length).toBeGreaterThan(5);
    const sent = sentCommands(site);
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(LATENCY_MS);
    site.bus.stop();
  });

  it.each(REGIMES)("at $name, with 1 of 8 readers silent, the other 7 keep their sessions and a poll period within 2× normal", ({ latencyMs }) => {
    const normal = eightReaders(latencyMs);
    normal.bus.start();
    normal.timers.advance(20_000);
    const dead = eightReaders(latencyMs);
    sim(dead, 7).silent = true;
    dead.bus.start();
    dead.timers.advance(20_000);
    expect(dead.of("offline", 7)).toEqual([]); // never came online
    for (const a of ADDRESSES.slice(0, 7)) {
      const base = meanPollPeriod(normal, a, 2000, 20_000);
      const period = meanPollPeriod(dead, a, 2000, 20_000);
      expect(period).toBeLessThanOrEqual(2 * base);
      expect(dead.of("online", a)).toHaveLength(1);
      expect(dead.of("offline", a)).toEqual([]);
      expect(handshakes(dead, a)).toBe(1);
    }
    normal.bus.stop();
    dead.bus.stop();
  });

  it.each(REGIMES)("at $name, keeps the others' poll period within 2× while a reader that was online dies and is detected", ({ latencyMs }) => {
    const normal = eightReaders(latencyMs);
    normal.bus.start();
    normal.timers.advance(12_000);
    const site = eightReaders(latencyMs);
    site.bus.start();
    site.timers.advance(2000);
    sim(site, 3).silent = true;
    site.timers.advance(10_000);
    expect(site.of("offline", 3)).toHaveLength(1);
    for (const a of ADDRESSES.filter((x) => x !== 3)) {
      // The worst stretch: the dead reader still counts as online and is retried until the offline deadline.
      expect(meanPollPeriod(site, a, 2000, 4000)).toBeLessThanOrEqual(2 * meanPollPeriod(normal, a, 2000, 4000));
      expect(meanPollPeriod(site, a, 2000, 12_000)).toBeLessThanOrEqual(2 * meanPollPeriod(normal, a, 2000, 12_000));
      expect(site.of("offline", a)).toEqual([]);
    }
    site.bus.stop();
    normal.bus.stop();
  });

  it("ends an exchange at the exchange limit when a device babbles packet headers", () => {
    const site = cpSite([{ address: 1 }, { address: 2 }], { exchangeLimitMs: 500 });
    site.bus.start();
    site.timers.advance(1000);
    // Every 10 ms a header claiming a 1000-byte packet: the line never goes quiet and a packet is
    // always under way, so neither the reply timeout nor the inter-character abort ends the wait.
    const header = Uint8Array.of(0xff, 0x53, 0x81, 0xe8, 0x03, 0x04);
    for (let t = 0; t < 6000; t += 10) site.wire.send(header, t);
    site.timers.advance(6000);
    const during = sentCommands(site).filter((s) => s.at > 1100 && s.at < 7000);
    const gaps = during.slice(1).map((s, i) => s.at - (during[i]?.at ?? 0));
    expect(during.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(500 + 50);
    site.bus.stop();
  });

  it("keeps polling when the transport delivers the reply inside write", () => {
    const timers = new ManualTimers(0);
    const line = new SynchronousLine();
    const keys = new MemoryKeys();
    keys.set(1, pairedKey(1));
    new SimReader(line, { address: 1, key: pairedKey(1) });
    const online: number[] = [];
    const onNotice = (n: { type: string; address: number }): void => void (n.type === "online" && online.push(n.address));
    const bus = new OsdpBus([{ address: 1 }], { transport: line, timers, log: silentLogger(), keys, onNotice });
    bus.start();
    timers.advance(1000);
    expect(online).toEqual([1]);
    // ID, CAP, CHLNG, SCRYPT, then a poll every 50 ms.
    expect(line.writes).toBeGreaterThanOrEqual(4 + 19);
    bus.stop();
  });

  it("reconnecting one reader never restarts another's session", () => {
    const site = eightReaders();
    site.bus.start();
    site.timers.advance(2000);
    sim(site, 2).corruptNextMac = true;
    sim(site, 5).silent = true;
    site.timers.advance(3000);
    sim(site, 5).silent = false;
    site.timers.advance(10_000);
    expect(site.of("online", 2)).toHaveLength(2);
    expect(site.of("online", 5)).toHaveLength(2);
    expect(handshakes(site, 2)).toBe(2);
    expect(handshakes(site, 5)).toBe(2);
    for (const a of [0, 1, 3, 4, 6, 7]) {
      expect(handshakes(site, a)).toBe(1);
      expect(site.of("secure", a)).toHaveLength(1);
      expect(sentCommands(site, a).filter((s) => s.sequence === 0)).toHaveLength(1);
    }
    site.bus.stop();
  });
});
