import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Command, Reply } from "../../../src/drivers/osdp/codes.js";
import { parseFrame } from "../../../src/drivers/osdp/frame-parser.js";
import { capturing, hexBytes, osdpCapFile, OsdpCapture, type OsdpCapRecord } from "../../../src/drivers/osdp/osdpcap.js";
import { silentLogger } from "../../../src/util/log.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { capturedLog } from "../../helpers/log-lines.js";
import type { SecurePolicy } from "../../../src/drivers/osdp/cp-options.js";
import { cpSite, H10301, sim, type CpSite } from "../../helpers/osdp-cp-site.js";
import { tempDir } from "../../helpers/temp-dir.js";

/** The POLL and ACK of the domain reference (address 0, sequence 0, CRC). */
const POLL = Uint8Array.of(0xff, 0x53, 0x00, 0x08, 0x00, 0x06, 0x60, 0x89, 0xcc);
const ACK = Uint8Array.of(0xff, 0x53, 0x80, 0x08, 0x00, 0x06, 0x40, 0x3b, 0xca);
const ACK_HEX = "ff 53 80 08 00 06 40 3b ca";

/** A capture on a clock the test sets, collecting its lines. */
function captureAt(): { capture: OsdpCapture; lines: string[]; at: (ns: bigint) => void } {
  let now = 0n;
  const lines: string[] = [];
  const capture = new OsdpCapture((l) => lines.push(l), { wallNanos: () => now, source: "test" });
  return { capture, lines, at: (ns) => void (now = ns) };
}

const records = (lines: string[]) => lines.map((l) => JSON.parse(l) as OsdpCapRecord);
const sec = (s: number, ns = 0) => BigInt(s) * 1_000_000_000n + BigInt(ns);

/** osdp_RAW data of the H10301 read: bit count 26 (LSB first), then the bits packed MSB first. */
const CARD_HEX = "1a 00 00 82 69 40";

/** One reader connected and a card read, everything through a capture. */
function capturedSession(secure: SecurePolicy): { site: CpSite; lines: string[] } {
  const lines: string[] = [];
  const capture = new OsdpCapture((l) => lines.push(l));
  const site = cpSite([{ address: 1, secure }], {}, (wire) => capturing(wire, capture));
  site.bus.start();
  site.timers.advance(300);
  sim(site, 1).queueCard(H10301);
  site.timers.advance(300);
  site.bus.stop();
  expect(site.of("card", 1).map((c) => c.bits)).toEqual([H10301]);
  return { site, lines };
}

describe("OSDPCAP capture", () => {
  const cleanups = cleanupsAfterEach();

  it("writes one record per packet sent, with SIA's field names, string values and nine-digit nanoseconds", () => {
    const { capture, lines, at } = captureAt();
    at(sec(1580342115, 42));
    capture.output(POLL);
    expect(lines).toEqual([
      '{"timeSec":"1580342115","timeNano":"000000042","io":"output","data":"ff 53 00 08 00 06 60 89 cc","osdpTraceVersion":"1","osdpSource":"test"}',
    ]);
  });

  it("cuts received chunks into packets, stamped at their last byte, leaving out the noise between them", () => {
    const { capture, lines, at } = captureAt();
    at(sec(10));
    capture.input(Uint8Array.of(0x00, 0x11, ...ACK.slice(0, 4)));
    expect(lines).toEqual([]);
    at(sec(10, 50_000_000));
    capture.input(Uint8Array.of(...ACK.slice(4), 0x22, ...ACK));
    expect(records(lines).map((r) => [r.io, r.timeSec, r.timeNano, r.data])).toEqual([
      ["input", "10", "050000000", ACK_HEX],
      ["input", "10", "050000000", ACK_HEX],
    ]);
  });

  it("drops a packet cut short once the line has been quiet, so the next one is not held behind it", () => {
    const { capture, lines, at } = captureAt();
    at(sec(20));
    capture.input(Uint8Array.of(0xff, 0x53, 0x80, 0x40, 0x00)); // announces 64 bytes, sends 5
    at(sec(20, 400_000_000));
    capture.input(ACK);
    expect(records(lines).map((r) => [r.timeNano, r.data])).toEqual([["400000000", ACK_HEX]]);
  });

  it("records a control panel session on the simulated bus: every command out, every reply in, in order", () => {
    const { site, lines } = capturedSession("required");
    const recs = records(lines);
    for (const r of recs) expect(Object.keys(r)).toEqual(["timeSec", "timeNano", "io", "data", "osdpTraceVersion", "osdpSource"]);
    expect(recs.filter((r) => r.io === "output").map((r) => r.data)).toEqual(site.wire.written.map((w) => hexBytes(w.bytes)));
    // The simulated reader answers every command at once: the trace alternates.
    expect(recs.map((r) => r.io).slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? "output" : "input")));
    const codes = recs.slice(0, 4).map((r) => {
      const p = parseFrame(Uint8Array.from(r.data.split(" "), (x) => parseInt(x, 16)));
      return p.kind === "frame" ? p.frame.code : -1;
    });
    expect(codes).toEqual([Command.ID, Reply.PDID, Command.CAP, Reply.PDCAP]);
  });

  it("holds a card read in clear only for a plaintext reader, never under Secure Channel", () => {
    expect(capturedSession("plaintext").lines.join("\n")).toContain(CARD_HEX);
    expect(capturedSession("required").lines.join("\n")).not.toContain(CARD_HEX);
  });

  it("appends lines to an owner-only file, and logs one line without traffic when it cannot write", async () => {
    const dir = tempDir(cleanups, "osdpcap-");
    const path = join(dir, "bus.osdpcap");
    const file = osdpCapFile(path, silentLogger());
    file.write('{"a":"1"}');
    file.write('{"b":"2"}');
    await file.close();
    expect(readFileSync(path, "utf8")).toBe('{"a":"1"}\n{"b":"2"}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const { log, lines: logged } = capturedLog();
    const broken = osdpCapFile(join(dir, "missing", "bus.osdpcap"), log);
    broken.write(`{"data":"${ACK_HEX}"}`);
    await broken.close();
    await new Promise((r) => setImmediate(r));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, code: "ENOENT" });
    expect(JSON.stringify(logged)).not.toContain("53 80");
  });

  it("rotates the file to <file>.1 before a line would pass the cap, keeping one old file, both owner-only", async () => {
    const dir = tempDir(cleanups, "osdpcap-rotate-");
    const path = join(dir, "bus.osdpcap");
    writeFileSync(`${path}.1`, "older\n", { mode: 0o644 });
    writeFileSync(path, "", { mode: 0o644 }); // left readable by someone: made owner-only on open
    const line = (n: number) => `{"n":"${String(n).padStart(4, "0")}"}`; // 12 bytes, 13 with the line end
    const file = osdpCapFile(path, silentLogger(), 40);
    for (let n = 0; n < 7; n++) file.write(line(n));
    await file.close();
    // Three lines fit in 40 bytes (39); the fourth begins a new file, the seventh another.
    expect(readFileSync(path, "utf8")).toBe(`${line(6)}\n`);
    expect(readFileSync(`${path}.1`, "utf8")).toBe([3, 4, 5].map((n) => `${line(n)}\n`).join(""));
    expect(readdirSync(dir).sort()).toEqual(["bus.osdpcap", "bus.osdpcap.1"]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}.1`).mode & 0o777).toBe(0o600);
  });
});
