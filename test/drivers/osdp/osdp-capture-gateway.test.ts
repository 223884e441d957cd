import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadSite } from "../../../src/config/load-site.js";
import { Command, Reply } from "../../../src/drivers/osdp/codes.js";
import { parseFrame } from "../../../src/drivers/osdp/frame-parser.js";
import type { OsdpCapRecord } from "../../../src/drivers/osdp/osdpcap.js";
import { startGateway } from "../../../src/main.js";
import { silentLogger } from "../../../src/util/log.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { pairedKey } from "../../helpers/osdp-cp-site.js";
import { storeReaderKey, writeOsdpSite, type OsdpSiteReader } from "../../helpers/osdp-gateway-site.js";
import { osdpPtyLine } from "../../helpers/osdp-pty.js";
import { SimReader } from "../../helpers/osdp-reader.js";
import { tempDir } from "../../helpers/temp-dir.js";

const READERS: [OsdpSiteReader, OsdpSiteReader] = [
  { id: "rdr-front", address: 0, secure: "required" },
  { id: "rdr-side", address: 1, secure: "required" },
];

/** The smallest cap the configuration allows: a polled bus fills it within seconds. */
const CAP = 4096;

/** The records of a capture file, each checked to be a whole valid packet. */
function packets(path: string): { record: OsdpCapRecord; code: number; reply: boolean }[] {
  return readFileSync(path, "utf8").trimEnd().split("\n").map((line) => {
    const record = JSON.parse(line) as OsdpCapRecord;
    const bytes = Uint8Array.from(record.data.split(" "), (x) => parseInt(x, 16));
    const p = parseFrame(bytes);
    if (p.kind !== "frame" || p.consumed !== bytes.length) throw new Error(`not one valid packet: ${record.data}`);
    return { record, code: p.frame.code, reply: p.frame.reply };
  });
}

describe("a gateway capturing an OSDP bus to a file", () => {
  const cleanups = cleanupsAfterEach();

  it("writes valid OSDPCAP lines for the traffic under the data directory, owner-only, rotated to .1 at the cap", async () => {
    const dir = tempDir(cleanups, "gatehouse-osdpcap-");
    const { pair, line } = await osdpPtyLine(cleanups);
    for (const r of READERS) {
      storeReaderKey(dir, r.id, pairedKey(r.address));
      new SimReader(line, { address: r.address, key: pairedKey(r.address) });
    }
    const configDir = writeOsdpSite(dir, pair.gw, READERS, false, { capture: "bus.osdpcap", capture_max_bytes: CAP });
    const loaded = loadSite({ configDir, dataDir: dir });
    if (!loaded.ok) throw new Error(`site invalid: ${JSON.stringify(loaded.problems)}`);
    expect(loaded.warnings.map((w) => w.path)).toEqual(["osdp.buses.0.capture"]);
    const gateway = await startGateway({ model: loaded.model, log: silentLogger() });
    cleanups.push(() => gateway.stop());

    const path = join(dir, "bus.osdpcap");
    await vi.waitFor(() => expect(existsSync(`${path}.1`)).toBe(true), { timeout: 15_000, interval: 50 });
    await gateway.stop();

    const old = packets(`${path}.1`);
    const now = packets(path);
    for (const file of [path, `${path}.1`]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(file).size).toBeLessThanOrEqual(CAP);
    }
    // The first file began with the connection: ID, CAP and the handshake, each answered, before the first poll.
    const firstPoll = old.findIndex((p) => p.code === Command.POLL);
    const connecting: [number, boolean][] = [
      [Command.ID, false], [Reply.PDID, true], [Command.CAP, false], [Reply.PDCAP, true],
      [Command.CHLNG, false], [Reply.CCRYPT, true], [Command.SCRYPT, false], [Reply.RMAC_I, true],
    ];
    expect(old[0]?.code).toBe(Command.ID);
    const before = old.slice(0, firstPoll).map((p) => [p.code, p.reply]);
    for (const step of connecting) expect(before).toContainEqual(step);
    const all = [...old, ...now];
    expect(all.every((p) => p.record.osdpTraceVersion === "1" && p.record.osdpSource === "gatehouse")).toBe(true);
    expect(all.every((p) => (p.record.io === "input") === p.reply)).toBe(true);
    expect(all.filter((p) => p.code === Command.POLL).length).toBeGreaterThan(3);
    expect(statSync(`${path}.1`).size + Buffer.byteLength(readFileSync(path, "utf8").split("\n")[0] ?? "") + 1).toBeGreaterThan(CAP);
  }, 30_000);
});
