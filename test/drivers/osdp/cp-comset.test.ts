import { describe, expect, it } from "vitest";
import { Command } from "../../../src/drivers/osdp/codes.js";
import type { ComSettings } from "../../../src/drivers/osdp/cp-bus.js";
import type { ControlOutcome } from "../../../src/drivers/osdp/cp-control.js";
import { type CpSite, H10301, onlineSite, sentCommands, sim } from "../../helpers/osdp-cp-site.js";

/** Asks for a COMSET of the reader at `address`; the outcome lands in the returned list. */
function comset(site: CpSite, address: number, to: ComSettings): { error: string | null; outcomes: ControlOutcome[] } {
  const outcomes: ControlOutcome[] = [];
  return { error: site.bus.comset(address, to, (o) => outcomes.push(o)), outcomes };
}

describe("OSDP control panel: COMSET sent by the panel", () => {
  it("moves a reader to a new address once osdp_COM confirms it, and polls it there under the same session", () => {
    const site = onlineSite([{ address: 1 }, { address: 2 }]);
    const r = comset(site, 1, { address: 5 });
    expect(r.error).toBeNull();
    site.timers.advance(300);
    expect(r.outcomes).toEqual([{ ok: true }]);
    expect(sim(site, 1).address).toBe(5);
    expect(site.bus.wireAddress(1)).toBe(5);
    // Sealed inside the session; the reply came from the old address, everything after goes to the new one.
    expect(sentCommands(site, 1).filter((s) => s.code === Command.COMSET)).toMatchObject([{ scb: true }]);
    const polls = sentCommands(site, 5).length;
    sim(site, 1).queueCard(H10301);
    site.timers.advance(500);
    expect(sentCommands(site, 5).length).toBeGreaterThan(polls);
    expect(site.of("card", 1).map((c) => c.bits)).toEqual([H10301]);
    expect(site.of("offline", 1)).toEqual([]);
    expect(site.bus.state(1)).toBe("online");
    expect(site.wire.baudRate).toBe(9600);
    site.bus.stop();
  });

  it("keeps the old settings when the reader's osdp_COM names others, or it refuses, or it does not answer", () => {
    const site = onlineSite([{ address: 1 }]);
    const reader = sim(site, 1);
    reader.comAnswer = { address: 1, baud: 9600 };
    const mismatch = comset(site, 1, { address: 6, baud: 19200 });
    site.timers.advance(300);
    expect(mismatch.outcomes).toEqual([{ ok: false, error: "mismatch", detail: "reader answered address 1 at 9600 baud" }]);
    reader.comAnswer = null;
    reader.nakNext = 3;
    const refused = comset(site, 1, { address: 6 });
    site.timers.advance(300);
    expect(refused.outcomes).toEqual([{ ok: false, error: "refused", detail: "NAK unknown_command" }]);
    reader.silent = true;
    const silent = comset(site, 1, { address: 6 });
    site.timers.advance(1500);
    expect(silent.outcomes).toEqual([{ ok: false, error: "no_answer", detail: "no reply after 3 tries" }]);
    expect(reader.address).toBe(1);
    expect(site.bus.wireAddress(1)).toBe(1);
    expect(site.wire.baudRate).toBe(9600);
    site.bus.stop();
  });

  it("changes the bus rate for a reader alone on its bus once confirmed, and refuses a rate or address another reader needs", () => {
    const alone = onlineSite([{ address: 1 }]);
    const r = comset(alone, 1, { baud: 38400 });
    alone.timers.advance(300);
    expect(r.outcomes).toEqual([{ ok: true }]);
    expect(sim(alone, 1).baud).toBe(38400);
    expect(alone.wire.baudRate).toBe(38400);
    expect(alone.bus.baudRate).toBe(38400);
    expect(comset(alone, 1, { baud: 38400 }).error).toBe("the reader already uses these settings");
    expect(comset(alone, 1, { baud: 12345 }).error).toBe("unsupported baud rate");
    alone.bus.stop();

    const shared = onlineSite([{ address: 1 }, { address: 2 }]);
    expect(comset(shared, 1, { baud: 38400 }).error).toBe("other readers share the bus at its rate");
    expect(comset(shared, 1, { address: 2 }).error).toBe("address 2 is taken on this bus");
    expect(comset(shared, 9, { address: 3 }).error).toBe("unknown reader");
    expect(shared.wire.baudRate).toBe(9600);
    shared.bus.stop();
  });
});
