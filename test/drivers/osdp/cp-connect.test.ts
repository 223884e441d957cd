import { describe, expect, it } from "vitest";
import { Command, nakReason } from "../../../src/drivers/osdp/codes.js";
import type { ReaderCommand } from "../../../src/drivers/osdp/cp-notices.js";
import { cpSite, H10301, onlineSite, sentCommands, sim } from "../../helpers/osdp-cp-site.js";

describe("OSDP control panel: connecting and polling a reader", () => {
  it("goes ID, CAP, the Secure Channel handshake, then polls under the session", () => {
    const site = cpSite([{ address: 1 }]);
    site.bus.start();
    site.timers.advance(1000);
    expect(site.of("online", 1)).toEqual([{ type: "online", address: 1, secure: true, keyType: "scbk" }]);
    expect(site.of("secure", 1)).toEqual([{ type: "secure", address: 1, secure: true, keyType: "scbk" }]);
    expect(sim(site, 1).commands.slice(0, 5)).toEqual([Command.ID, Command.CAP, Command.CHLNG, Command.SCRYPT, Command.POLL]);
    const sent = sentCommands(site, 1);
    expect(sent[0]?.sequence).toBe(0);
    // Nothing but ID, CAP, CHLNG (and SCRYPT with its own block) in clear.
    expect(sent.filter((s) => !s.scb).map((s) => s.code)).toEqual([Command.ID, Command.CAP]);
    const polls = sent.filter((s) => s.code === Command.POLL);
    expect(polls.length).toBeGreaterThan(15);
    expect(polls.every((p) => p.scb)).toBe(true);
    expect(site.bus.counters(1)).toMatchObject({ timeouts: 0, retries: 0, naks: 0, crcErrors: 0, scFailures: 0 });
    site.bus.stop();
  });

  it("reports a card read with its bit count and bits, a keypad entry and a tamper", () => {
    const site = onlineSite([{ address: 2 }]);
    sim(site, 2).queueCard(H10301);
    sim(site, 2).queueKeypad("1234");
    sim(site, 2).queueLocalStatus(true, false);
    site.timers.advance(500);
    expect(site.of("card", 2)).toEqual([{ type: "card", address: 2, reader: 0, format: "wiegand", bitCount: 26, bits: H10301 }]);
    expect(site.of("keypad", 2)).toEqual([{ type: "keypad", address: 2, reader: 0, keys: "1234" }]);
    expect(site.of("local_status", 2)).toEqual([{ type: "local_status", address: 2, tamper: true, powerFailure: false }]);
    site.bus.stop();
  });

  it("sends queued LED and buzzer commands between polls and reports each result", () => {
    const site = onlineSite([{ address: 3 }]);
    const phase = { onTime: 5, offTime: 5, onColor: 2, offColor: 0 };
    const led = { reader: 0, led: 0, temporary: { ...phase, control: 2 as const, timer: 30 }, permanent: { ...phase, control: 0 as const } };
    expect(site.bus.send(3, { kind: "led", records: [led] })).toBeNull();
    expect(site.bus.send(3, { kind: "buzzer", control: { reader: 0, tone: 2, onTime: 2, offTime: 2, count: 1 } })).toBeNull();
    expect(site.bus.send(3, { kind: "buzzer", control: { reader: 0, tone: 2, onTime: 2, offTime: 2, count: 300 } })).toMatch(/range/);
    expect(site.bus.send(9, { kind: "buzzer", control: { reader: 0, tone: 2, onTime: 2, offTime: 2, count: 1 } })).toBe("unknown reader");
    site.timers.advance(200);
    expect(site.of("command", 3).map((c) => [c.command, c.ok])).toEqual([
      ["led", true],
      ["buzzer", true],
    ]);
    const codes = sim(site, 3).commands;
    const at = codes.indexOf(Command.LED);
    expect(codes.slice(at - 1, at + 3)).toEqual([Command.POLL, Command.LED, Command.BUZ, Command.POLL]);
    site.bus.stop();
  });

  it("reads a reply delivered in chunks 100 ms apart, past the 200 ms reply timeout", () => {
    const site = onlineSite([{ address: 4 }]);
    const reader = sim(site, 4);
    reader.chunking = { count: 3, gapMs: 100 };
    reader.queueCard(H10301);
    site.timers.advance(600);
    expect(site.of("card", 4).map((c) => c.bits)).toEqual([H10301]);
    expect(site.bus.counters(4)).toMatchObject({ timeouts: 0, retries: 0 });
    site.bus.stop();
  });

  it("drops a reply that pauses longer than the inter-character abort, and reads it when resent", () => {
    const site = onlineSite([{ address: 5 }], { interCharacterMs: 150 });
    const reader = sim(site, 5);
    reader.chunking = { count: 2, gapMs: 180 };
    reader.queueCard(H10301);
    site.timers.advance(190);
    expect(site.of("card", 5)).toEqual([]);
    expect(site.bus.counters(5)?.timeouts).toBe(1);
    reader.chunking = null;
    site.timers.advance(1000);
    // The command went again with the same sequence number and the device repeated its reply.
    expect(site.of("card", 5).map((c) => c.bits)).toEqual([H10301]);
    expect(site.bus.counters(5)?.retries).toBe(1);
    expect(site.bus.state(5)).toBe("online");
    site.bus.stop();
  });

  it("polls in clear only under the explicit plaintext policy", () => {
    const site = onlineSite([{ address: 6, secure: "plaintext", secureChannel: false }]);
    expect(site.of("online", 6)).toEqual([{ type: "online", address: 6, secure: false, keyType: null }]);
    expect(sentCommands(site, 6).some((s) => s.code === Command.POLL && !s.scb)).toBe(true);
    expect(site.of("alarm")).toEqual([]);
    site.bus.stop();
  });
});

describe("OSDP control panel: BUSY and NAK", () => {
  it("sends the same command again after BUSY, and stays online", () => {
    const site = onlineSite([{ address: 7 }]);
    sim(site, 7).busyNext = 2;
    site.timers.advance(500);
    const polls = sentCommands(site, 7).filter((s) => s.code === Command.POLL);
    const repeats = polls.filter((p, i) => i > 0 && p.sequence === polls[i - 1]?.sequence);
    expect(repeats).toHaveLength(2);
    expect(site.bus.counters(7)).toMatchObject({ retries: 2, timeouts: 0, scFailures: 0 });
    expect(site.of("offline", 7)).toEqual([]);
    site.bus.stop();
  });

  it("reports a NAKed output command as failed and keeps polling the session", () => {
    const site = onlineSite([{ address: 8 }]);
    sim(site, 8).nakNext = 3;
    expect(site.bus.send(8, { kind: "text", control: { reader: 0, mode: 1, seconds: 0, row: 1, column: 1, text: "HELLO" } })).toBeNull();
    site.timers.advance(500);
    expect(site.of("command", 8)).toEqual([{ type: "command", address: 8, command: "text", ok: false, reason: "unknown_command" }]);
    expect(site.bus.counters(8)?.naks).toBe(1);
    expect(site.of("secure", 8)).toHaveLength(1);
    expect(site.bus.state(8)).toBe("online");
    site.bus.stop();
  });

  const TEXT: ReaderCommand = { kind: "text", control: { reader: 0, mode: 1, seconds: 0, row: 1, column: 1, text: "HI" } };

  it.each([1, 2, 3, 7, 8, 9])("reports NAK %i to an output command by its reason, the session staying up", (code) => {
    const site = onlineSite([{ address: 10 }]);
    sim(site, 10).nakNext = code;
    expect(site.bus.send(10, TEXT)).toBeNull();
    site.timers.advance(500);
    expect(site.of("command", 10)).toEqual([{ type: "command", address: 10, command: "text", ok: false, reason: nakReason(code) }]);
    expect(nakReason(code)).not.toBe("unknown");
    expect(site.of("offline", 10)).toEqual([]);
    expect(site.of("secure", 10)).toHaveLength(1);
    site.bus.stop();
  });

  it.each([4, 5, 6])("restarts the reader at sequence 0 on NAK %i to an output command, and reconnects it", (code) => {
    const site = onlineSite([{ address: 11 }]);
    sim(site, 11).nakNext = code;
    expect(site.bus.send(11, TEXT)).toBeNull();
    site.timers.advance(500);
    expect(site.of("offline", 11)).toEqual([{ type: "offline", address: 11, reason: `NAK ${nakReason(code)}` }]);
    expect(sentCommands(site, 11).filter((s) => s.sequence === 0).map((s) => s.code)).toEqual([Command.ID, Command.ID]);
    expect(site.of("secure", 11).map((n) => n.secure)).toEqual([true, false, true]);
    expect(site.bus.state(11)).toBe("online");
    site.bus.stop();
  });

  it("restarts at sequence 0 after a NAK for the sequence number", () => {
    const site = onlineSite([{ address: 9 }]);
    sim(site, 9).nakNext = 4;
    site.timers.advance(500);
    expect(site.of("offline", 9)).toEqual([{ type: "offline", address: 9, reason: "NAK sequence_number" }]);
    expect(sentCommands(site, 9).filter((s) => s.sequence === 0).map((s) => s.code)).toEqual([Command.ID, Command.ID]);
    expect(site.bus.state(9)).toBe("online");
    site.bus.stop();
  });
});
