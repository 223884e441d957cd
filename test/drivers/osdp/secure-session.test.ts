import { describe, expect, it } from "vitest";
import { Command, Reply, Scs } from "../../../src/drivers/osdp/codes.js";
import { crc16 } from "../../../src/drivers/osdp/crc.js";
import { buildFrame, type Frame, type Sequence } from "../../../src/drivers/osdp/frame.js";
import { parseFrame } from "../../../src/drivers/osdp/frame-parser.js";
import { clientCryptogram, deriveSessionKeys, initialReplyMac, SCBK_D } from "../../../src/drivers/osdp/secure-channel.js";
import {
  checkClientCryptogram,
  checkInitialReplyMac,
  handshakeBlock,
  SecureSession,
  type Direction,
} from "../../../src/drivers/osdp/secure-session.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

const CP_RANDOM = hex("B0B1B2B3B4B5B6B7");
const PD_RANDOM = hex("A0A1A2A3A4A5A6A7");

/** The CP's session after a handshake with the Annex E values, and a device's mirror of it. */
function pair(): { cp: SecureSession; pd: SecureSession } {
  const step2 = checkClientCryptogram(SCBK_D, CP_RANDOM, PD_RANDOM, hex("fde5d2f428ec16312471ea3c02bd7796"));
  if (!step2.ok) throw new Error(step2.error);
  const rmacI = initialReplyMac(step2.keys, step2.serverCryptogram);
  const step4 = checkInitialReplyMac(step2.keys, step2.serverCryptogram, rmacI);
  if (!step4.ok) throw new Error(step4.error);
  return { cp: step4.session, pd: new SecureSession(deriveSessionKeys(SCBK_D, CP_RANDOM), rmacI) };
}

function send(from: SecureSession, direction: Direction, code: number, data: Uint8Array, sequence: Sequence = 1): Frame {
  const built = from.seal(direction, { address: 5, reply: direction === "reply", sequence, code, data });
  if (!built.ok) throw new Error(built.error);
  const parsed = parseFrame(built.bytes, { crcOnly: true });
  if (parsed.kind !== "frame") throw new Error(JSON.stringify(parsed));
  return parsed.frame;
}

/** A packet with one data byte changed and its CRC recomputed, so only the MAC can catch it. */
function tampered(frame: Frame): Frame {
  const macInput = frame.macInput.slice();
  macInput[macInput.length - 1] = (macInput[macInput.length - 1] ?? 0) ^ 0x01;
  const withCrc = new Uint8Array([...macInput, ...(frame.mac ?? []), 0, 0]);
  const crc = crc16(withCrc, 0, withCrc.length - 2);
  withCrc.set([crc & 0xff, crc >> 8], withCrc.length - 2);
  const parsed = parseFrame(withCrc);
  if (parsed.kind !== "frame") throw new Error(JSON.stringify(parsed));
  return parsed.frame;
}

describe("Secure Channel handshake checks", () => {
  it("accepts the Annex E client cryptogram and yields the server cryptogram", () => {
    const r = checkClientCryptogram(SCBK_D, CP_RANDOM, PD_RANDOM, hex("fde5d2f428ec16312471ea3c02bd7796"));
    expect(r.ok && toHex(r.serverCryptogram)).toBe("26d3356e07762d262801fc8e6665a891");
  });

  it("refuses a cryptogram made with another key, and a wrong RMAC_I", () => {
    const other = deriveSessionKeys(hex("000102030405060708090a0b0c0d0e0f"), CP_RANDOM);
    const forged = clientCryptogram(other, CP_RANDOM, PD_RANDOM);
    expect(checkClientCryptogram(SCBK_D, CP_RANDOM, PD_RANDOM, forged)).toEqual({ ok: false, error: "client_cryptogram_mismatch" });
    const keys = deriveSessionKeys(SCBK_D, CP_RANDOM);
    expect(checkInitialReplyMac(keys, hex("26d3356e07762d262801fc8e6665a891"), new Uint8Array(16))).toEqual({
      ok: false,
      error: "initial_mac_mismatch",
    });
  });

  it("marks handshake blocks with the key in use", () => {
    expect(toHex(handshakeBlock(Scs.CHLNG, true))).toBe("031100");
    expect(toHex(handshakeBlock(Scs.SCRYPT, false))).toBe("031301");
  });
});

describe("Secure Channel session", () => {
  it("carries commands and replies both ways along the MAC chain", () => {
    const { cp, pd } = pair();
    const exchanges: [number, string, number, string][] = [
      [Command.POLL, "", Reply.ACK, ""],
      [Command.LED, "0001020304050607080910111213", Reply.RAW, "00011a00ffffc0"],
      [Command.ISTAT, "", Reply.ISTATR, "00010001"],
      [Command.TEXT, "00010000010548656c6c6f", Reply.NAK, "06"],
    ];
    exchanges.forEach(([cmd, cmdData, rep, repData], i) => {
      const sequence = ((i % 3) + 1) as Sequence;
      const c = send(cp, "command", cmd, hex(cmdData), sequence);
      expect(c.scb?.[1]).toBe(cmdData ? Scs.COMMAND_ENCRYPTED : Scs.COMMAND_MAC);
      if (cmdData) expect(toHex(c.data)).not.toContain(cmdData);
      expect(pd.open("command", c)).toEqual({ ok: true, code: cmd, data: hex(cmdData) });
      const r = send(pd, "reply", rep, hex(repData), sequence);
      expect(r.scb?.[1]).toBe(repData ? Scs.REPLY_ENCRYPTED : Scs.REPLY_MAC);
      expect(cp.open("reply", r)).toEqual({ ok: true, code: rep, data: hex(repData) });
    });
  });

  it("refuses a changed byte, a replayed reply and a reply out of turn", () => {
    const { cp, pd } = pair();
    pd.open("command", send(cp, "command", Command.POLL, new Uint8Array(0)));
    const reply = send(pd, "reply", Reply.ACK, new Uint8Array(0));
    expect(cp.open("reply", tampered(reply))).toEqual({ ok: false, error: "bad_mac" });
    expect(cp.open("reply", reply).ok).toBe(true);
    pd.open("command", send(cp, "command", Command.POLL, new Uint8Array(0)));
    expect(cp.open("reply", reply)).toEqual({ ok: false, error: "bad_mac" });
  });

  it("refuses plaintext and handshake or wrong-direction blocks", () => {
    const { cp, pd } = pair();
    const plain = buildFrame({ address: 5, reply: true, sequence: 1, code: Reply.ACK });
    const parsed = plain.ok ? parseFrame(plain.bytes) : null;
    expect(parsed?.kind === "frame" && cp.open("reply", parsed.frame)).toEqual({ ok: false, error: "not_secure" });
    const command = send(cp, "command", Command.POLL, new Uint8Array(0));
    expect(cp.open("reply", command)).toEqual({ ok: false, error: "wrong_block_type" });
    const chlng = buildFrame({ address: 5, reply: false, sequence: 0, scb: handshakeBlock(Scs.CHLNG, false), code: 0x76 });
    const hs = chlng.ok ? parseFrame(chlng.bytes) : null;
    expect(hs?.kind === "frame" && pd.open("command", hs.frame)).toEqual({ ok: false, error: "wrong_block_type" });
  });
});
