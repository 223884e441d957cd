import { describe, expect, it } from "vitest";
import { Command } from "../../../src/drivers/osdp/codes.js";
import type { ControlOutcome } from "../../../src/drivers/osdp/cp-control.js";
import { cpSite, type CpSite, onlineSite, pairedKey, sentCommands, sim } from "../../helpers/osdp-cp-site.js";

/** Asks for a key rotation of the reader at `address`; the outcome lands in the returned list. */
function rekey(site: CpSite, address: number): { error: string | null; outcomes: ControlOutcome[] } {
  const outcomes: ControlOutcome[] = [];
  return { error: site.bus.rekey(address, (o) => outcomes.push(o)), outcomes };
}

describe("OSDP control panel: key rotation inside a session", () => {
  it("sends KEYSET sealed, stores the new key once the reader acknowledges it, and restarts the session under it without going offline", () => {
    const site = onlineSite([{ address: 1 }]);
    const reader = sim(site, 1);
    const r = rekey(site, 1);
    expect(r.error).toBeNull();
    site.timers.advance(500);
    expect(r.outcomes).toEqual([{ ok: true }]);
    const stored = site.keys.get(1);
    expect(stored).toEqual(reader.key);
    expect(stored).not.toEqual(pairedKey(1));
    // Inside the session, encrypted: the new key is nowhere on the wire.
    expect(sentCommands(site, 1).filter((s) => s.code === Command.KEYSET)).toMatchObject([{ scb: true }]);
    expect(site.wire.written.some((w) => Buffer.from(w.bytes).includes(Buffer.from(stored ?? [])))).toBe(false);
    // A new handshake right after the KEYSET, then polls under the new session; no offline, one online.
    const codes = reader.commands;
    const at = codes.indexOf(Command.KEYSET);
    expect(codes.slice(at, at + 4)).toEqual([Command.KEYSET, Command.CHLNG, Command.SCRYPT, Command.POLL]);
    expect(reader.secure).toBe(true);
    expect(site.bus.state(1)).toBe("online");
    expect(site.of("offline", 1)).toEqual([]);
    expect(site.of("online", 1)).toHaveLength(1);
    expect(site.of("secure", 1).map((s) => s.keyType)).toEqual(["scbk", null, "scbk"]);
    site.bus.stop();
  });

  it("keeps the old key when the reader refuses KEYSET with a NAK, and stays online", () => {
    const site = onlineSite([{ address: 2 }]);
    sim(site, 2).nakNext = 9; // unable to process the command record
    const r = rekey(site, 2);
    site.timers.advance(500);
    expect(r.outcomes).toEqual([{ ok: false, error: "refused", detail: "NAK record_unprocessable" }]);
    expect(site.keys.get(2)).toEqual(pairedKey(2));
    expect(sim(site, 2).key).toEqual(pairedKey(2));
    expect(site.bus.state(2)).toBe("online");
    expect(site.of("offline", 2)).toEqual([]);
    site.bus.stop();
  });

  it("keeps the old key when KEYSET gets no reply, and the reader comes back under it", () => {
    const site = onlineSite([{ address: 3 }]);
    sim(site, 3).silent = true;
    const r = rekey(site, 3);
    site.timers.advance(1500);
    expect(r.outcomes).toEqual([{ ok: false, error: "no_answer", detail: "no reply after 3 tries" }]);
    expect(sentCommands(site, 3).filter((s) => s.code === Command.KEYSET)).toHaveLength(3);
    expect(site.keys.get(3)).toEqual(pairedKey(3));
    sim(site, 3).silent = false;
    site.timers.advance(5000);
    expect(site.bus.state(3)).toBe("online");
    expect(sim(site, 3).key).toEqual(pairedKey(3));
    site.bus.stop();
  });

  it("answers no_answer when the reader goes offline before its turn, and refuses what cannot be rotated", () => {
    const site = cpSite([{ address: 4 }, { address: 5, secure: "plaintext" }]);
    expect(rekey(site, 4).error).toBe("reader not online");
    site.bus.start();
    site.timers.advance(500);
    expect(rekey(site, 5).error).toBe("reader has no Secure Channel session under its own key");
    expect(rekey(site, 9).error).toBe("unknown reader");
    const first = rekey(site, 4);
    expect(first.error).toBeNull();
    expect(rekey(site, 4).error).toBe("another change of this reader is under way");
    site.bus.stop();
    expect(first.outcomes).toEqual([{ ok: false, error: "no_answer", detail: "panel stopped" }]);
    expect(site.keys.get(4)).toEqual(pairedKey(4));
  });
});

describe("OSDP control panel: a lost acknowledgement of KEYSET", () => {
  it("takes the acknowledgement from a resend when only one reply was lost", () => {
    const site = onlineSite([{ address: 6 }]);
    sim(site, 6).loseReplies = 1;
    const r = rekey(site, 6);
    site.timers.advance(1500);
    expect(r.outcomes).toEqual([{ ok: true }]);
    const keysets = sentCommands(site, 6).filter((s) => s.code === Command.KEYSET);
    expect(keysets).toHaveLength(2);
    expect(keysets[1]?.sequence).toBe(keysets[0]?.sequence);
    expect(site.keys.get(6)).toEqual(sim(site, 6).key);
    expect(site.bus.state(6)).toBe("online");
    site.bus.stop();
  });

  it("leaves the reader on the new key and the panel on the old when every acknowledgement is lost: refused until re-paired", () => {
    const site = onlineSite([{ address: 7 }], { alarmIntervalMs: 60_000 });
    const reader = sim(site, 7);
    reader.loseReplies = 3;
    const r = rekey(site, 7);
    site.timers.advance(10_000);
    expect(r.outcomes).toEqual([{ ok: false, error: "no_answer", detail: "no reply after 3 tries" }]);
    expect(site.keys.get(7)).toEqual(pairedKey(7));
    expect(reader.key).not.toEqual(pairedKey(7));
    expect(site.bus.state(7)).not.toBe("online");
    expect(site.of("alarm", 7).map((a) => [a.alarm, a.detail])).toContainEqual(["mac_failure", "client_cryptogram_mismatch"]);
    site.bus.stop();
  });

  it("does not store a rotated key acknowledged in clear, and says so", () => {
    const site = onlineSite([{ address: 8 }], { alarmIntervalMs: 60_000 });
    sim(site, 8).ackKeysetInClear = true;
    const r = rekey(site, 8);
    site.timers.advance(500);
    expect(r.outcomes).toEqual([{ ok: false, error: "no_answer", detail: "reader answered KEYSET in clear" }]);
    expect(site.keys.get(8)).toEqual(pairedKey(8));
    expect(site.of("alarm", 8).map((a) => [a.alarm, a.detail])).toEqual([
      ["sc_downgrade", "plaintext_in_session"],
      ["keyset_in_clear", "reader answered KEYSET in clear: the new key was not stored"],
    ]);
    site.bus.stop();
  });
});
