import { describe, expect, it } from "vitest";
import { Command } from "../../../src/drivers/osdp/codes.js";
import { SCBK_D } from "../../../src/drivers/osdp/secure-channel.js";
import { cpSite, type CpSite, onlineSite, sentCommands, sim } from "../../helpers/osdp-cp-site.js";

/** Advances 1 ms at a time until `done` holds (at most `limit` ms); returns whether it did. */
function until(site: CpSite, done: () => boolean, limit = 5000): boolean {
  for (let i = 0; i < limit && !done(); i++) site.timers.advance(1);
  return done();
}

/** True when no POLL or output command ever went out in clear to the reader. */
function nothingInClear(site: CpSite, address: number): boolean {
  const clear = new Set<number>([Command.ID, Command.CAP, Command.CHLNG, Command.COMSET]);
  return sentCommands(site, address).every((s) => s.scb || clear.has(s.code));
}

describe("OSDP control panel: Secure Channel required", () => {
  it("keeps a reader that refuses the handshake offline, with one alarm, and never polls it in clear", () => {
    const site = cpSite([{ address: 1 }]);
    sim(site, 1).refuseSc = true;
    site.bus.start();
    site.timers.advance(30_000);
    expect(site.of("alarm", 1)).toEqual([{ type: "alarm", address: 1, alarm: "sc_downgrade", detail: "handshake refused (security_block_unsupported)" }]);
    expect(site.of("online", 1)).toEqual([]);
    expect(sim(site, 1).commands.filter((c) => c === Command.CHLNG).length).toBeGreaterThan(2);
    expect(site.bus.counters(1)?.scFailures).toBeGreaterThan(2);
    expect(nothingInClear(site, 1)).toBe(true);
    site.bus.stop();
  });

  it("raises a capability downgrade when a paired reader comes back without Secure Channel", () => {
    const site = onlineSite([{ address: 2 }]);
    const reader = sim(site, 2);
    reader.silent = true;
    reader.secureChannel = false;
    site.timers.advance(2500);
    reader.silent = false;
    site.timers.advance(10_000);
    expect(site.of("alarm", 2)).toEqual([{ type: "alarm", address: 2, alarm: "sc_downgrade", detail: "capabilities announce no Secure Channel" }]);
    expect(site.of("online", 2)).toHaveLength(1);
    expect(site.bus.state(2)).toBe("offline");
    expect(nothingInClear(site, 2)).toBe(true);
    site.bus.stop();
  });

  it("refuses a paired reader that comes back offering a default-key session", () => {
    const site = onlineSite([{ address: 3 }]);
    const reader = sim(site, 3);
    reader.silent = true;
    reader.key = null; // reset to factory: it answers under SCBK-D
    site.timers.advance(2500);
    reader.silent = false;
    site.timers.advance(10_000);
    expect(site.of("alarm", 3).map((a) => a.alarm)).toEqual(["default_key"]);
    expect(site.of("online", 3)).toHaveLength(1);
    expect(sim(site, 3).commands.includes(Command.KEYSET)).toBe(false);
    site.bus.stop();
  });

  it("rejects a corrupted MAC: drops the session, restarts at sequence 0, alarms once per interval", () => {
    const site = onlineSite([{ address: 4 }], { alarmIntervalMs: 60_000 });
    const reader = sim(site, 4);
    reader.queueCard("1".repeat(26));
    reader.corruptNextMac = true;
    site.timers.advance(2000);
    expect(site.of("card", 4)).toEqual([]);
    expect(site.of("offline", 4)).toEqual([{ type: "offline", address: 4, reason: "bad_mac" }]);
    expect(site.bus.state(4)).toBe("online");
    const ids = sentCommands(site, 4).filter((s) => s.code === Command.ID);
    expect(ids.map((s) => s.sequence)).toEqual([0, 0]);
    reader.corruptNextMac = true;
    site.timers.advance(2000);
    expect(site.of("alarm", 4).map((a) => a.alarm)).toEqual(["mac_failure"]);
    expect(site.bus.counters(4)?.scFailures).toBe(2);
    expect(site.of("online", 4)).toHaveLength(3);
    site.bus.stop();
  });

  it("rejects a replayed reply, whether its sequence number gives it away or only its MAC does", () => {
    const site = onlineSite([{ address: 5 }]);
    const reader = sim(site, 5);
    reader.queueCard("1".repeat(26));
    expect(until(site, () => site.of("card", 5).length === 1)).toBe(true);
    // The card reply again at once: the sequence number is the previous command's.
    reader.replayNext = 1;
    expect(until(site, () => site.of("offline", 5).length === 1)).toBe(true);
    expect(site.of("offline", 5)[0]?.reason).toBe("sequence");
    expect(until(site, () => site.bus.state(5) === "online")).toBe(true);
    site.timers.advance(200);
    // A reply from three exchanges back carries the right sequence number: only the MAC chain catches it.
    reader.replayNext = 3;
    expect(until(site, () => site.of("offline", 5).length === 2)).toBe(true);
    expect(site.of("offline", 5)[1]?.reason).toBe("bad_mac");
    expect(site.of("alarm", 5).map((a) => a.alarm)).toEqual(["mac_failure"]);
    site.timers.advance(1000);
    expect(site.of("card", 5)).toHaveLength(1);
    expect(site.bus.state(5)).toBe("online");
    site.bus.stop();
  });
});

describe("OSDP control panel: install mode", () => {
  it("pairs inside the window: SCBK-D, KEYSET with a random key, then a session under that key", () => {
    const site = cpSite([{ address: 6, secure: "install" }], { installWindowMs: 5000 });
    site.bus.start();
    site.timers.advance(1000);
    const reader = sim(site, 6);
    const stored = site.keys.get(6);
    expect(stored).not.toBeNull();
    expect(reader.key).toEqual(stored);
    expect(Buffer.from(stored ?? []).equals(Buffer.from(SCBK_D))).toBe(false);
    expect(site.of("paired", 6)).toHaveLength(1);
    expect(site.of("secure", 6).map((s) => s.keyType)).toEqual(["scbk_d", null, "scbk"]);
    expect(site.of("online", 6)).toEqual([{ type: "online", address: 6, secure: true, keyType: "scbk" }]);
    // KEYSET went under the session, encrypted: the new key is nowhere on the wire.
    expect(sentCommands(site, 6).filter((s) => s.code === Command.KEYSET)).toMatchObject([{ scb: true }]);
    expect(site.wire.written.some((w) => Buffer.from(w.bytes).includes(Buffer.from(stored ?? [])))).toBe(false);
    expect(reader.commands.filter((c) => c === Command.KEYSET)).toHaveLength(1);
    expect(nothingInClear(site, 6)).toBe(true);
    site.bus.stop();
  });

  it("does not store a key whose KEYSET was acknowledged in clear", () => {
    const site = cpSite([{ address: 12, secure: "install" }], { installWindowMs: 5000 });
    sim(site, 12).ackKeysetInClear = true;
    site.bus.start();
    site.timers.advance(10_000);
    expect(site.keys.get(12)).toBeNull();
    expect(site.of("paired", 12)).toEqual([]);
    expect(site.of("alarm", 12)[0]).toEqual({ type: "alarm", address: 12, alarm: "sc_downgrade", detail: "plaintext_in_session" });
    expect(site.of("online", 12)).toEqual([]);
    site.bus.stop();
  });

  it("closes the install window on a KEYSET acknowledged in clear, says the reader was not paired, and keeps it unpaired", () => {
    const site = cpSite([{ address: 13, secure: "install" }], { installWindowMs: 60_000 });
    const reader = sim(site, 13);
    reader.ackKeysetInClear = true;
    site.bus.start();
    site.timers.advance(20_000);
    expect(site.keys.get(13)).toBeNull();
    expect(site.of("paired", 13)).toEqual([]);
    expect(site.of("alarm", 13)).toEqual([
      { type: "alarm", address: 13, alarm: "sc_downgrade", detail: "plaintext_in_session" },
      { type: "alarm", address: 13, alarm: "keyset_in_clear", detail: "reader answered KEYSET in clear and was not paired" },
      { type: "alarm", address: 13, alarm: "default_key", detail: "reader not paired and no install window open" },
    ]);
    // One KEYSET, then the window is shut: no second try under SCBK-D, no handshake at all, never polled.
    expect(reader.commands.filter((c) => c === Command.KEYSET)).toHaveLength(1);
    expect(reader.commands.filter((c) => c === Command.CHLNG)).toHaveLength(1);
    expect(reader.commands.includes(Command.POLL)).toBe(false);
    expect(site.of("online", 13)).toEqual([]);
    // Only a new window, opened deliberately after a factory reset, tries again (here it still answers in clear: refused again).
    reader.key = null;
    expect(site.bus.openInstallWindow(13, 60_000)).toBeNull();
    site.timers.advance(20_000);
    expect(reader.commands.filter((c) => c === Command.KEYSET)).toHaveLength(2);
    expect(site.keys.get(13)).toBeNull();
    site.bus.stop();
  });

  it("closes the window on time: a factory reader that appears after it is refused and not paired", () => {
    const site = cpSite([{ address: 7, secure: "install" }], { installWindowMs: 5000 });
    const reader = sim(site, 7);
    reader.silent = true;
    site.bus.start();
    site.timers.advance(5000);
    reader.silent = false;
    site.timers.advance(20_000);
    expect(site.keys.get(7)).toBeNull();
    expect(site.of("alarm", 7)).toEqual([{ type: "alarm", address: 7, alarm: "default_key", detail: "reader not paired and no install window open" }]);
    expect(site.of("online", 7)).toEqual([]);
    expect(reader.commands.includes(Command.CHLNG)).toBe(false);
    site.bus.stop();
  });

  it("allows one reader in install mode per bus, and one install window at a time", () => {
    expect(() => cpSite([{ address: 8, secure: "install" }, { address: 9, secure: "install" }])).toThrow(/install mode/);
    const site = cpSite([{ address: 8, secure: "install" }, { address: 9 }], { installWindowMs: 5000 });
    expect(site.bus.openInstallWindow(9, 60_000)).toBe("another install window is open");
    site.timers.advance(5000);
    expect(site.bus.openInstallWindow(9, 60_000)).toBeNull();
    expect(site.bus.openInstallWindow(10, 60_000)).toBe("unknown reader");
  });

  it("does not reopen the window for an install-mode reader that already has a key", () => {
    const site = cpSite([{ address: 10, secure: "install", paired: true, key: null }]);
    site.bus.start();
    site.timers.advance(5000);
    expect(site.of("alarm", 10).map((a) => a.alarm)).toEqual(["default_key"]);
    expect(sim(site, 10).commands.includes(Command.KEYSET)).toBe(false);
    site.bus.stop();
  });

  it("re-pairs a reset reader only after an install window is opened for it", () => {
    const site = onlineSite([{ address: 11 }]);
    const oldKey = site.keys.get(11);
    const reader = sim(site, 11);
    reader.silent = true;
    reader.key = null;
    site.timers.advance(2500);
    reader.silent = false;
    site.timers.advance(3000);
    expect(site.of("alarm", 11).map((a) => a.alarm)).toEqual(["default_key"]);
    expect(site.bus.openInstallWindow(11, 60_000)).toBeNull();
    site.timers.advance(10_000);
    expect(site.of("paired", 11)).toHaveLength(1);
    expect(site.keys.get(11)).toEqual(reader.key);
    expect(site.keys.get(11)).not.toEqual(oldKey);
    expect(site.of("online", 11).at(-1)).toEqual({ type: "online", address: 11, secure: true, keyType: "scbk" });
    site.bus.stop();
  });
});
