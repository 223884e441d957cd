import { closeSync, createReadStream, openSync, writeSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { SiteClient } from "../../../src/client/site-client.js";
import { loadSite } from "../../../src/config/load-site.js";
import { startGateway } from "../../../src/main.js";
import { silentLogger } from "../../../src/util/log.js";
import { cleanupsAfterEach, type Cleanups } from "../../helpers/cleanups.js";
import { PtyPair } from "../../helpers/serial-pty.js";
import { SERIAL_SITE_ID, writeSerialSite } from "../../helpers/serial-site.js";
import { tempDir } from "../../helpers/temp-dir.js";

const PIN = "2468";
/** The holder's badge (FC 123 / CN 45678) as the converter prints it. */
const BADGE = "26:2F764DD\r\n";
/** Keys as a 4-bit Wiegand keypad sends them through the converter: one frame per key, '#' is 11. */
const keys = (typed: string): string => Array.from(typed, (k) => `4:${k === "#" ? "B" : k === "*" ? "A" : k}\r\n`).join("");

interface Running {
  readonly client: SiteClient;
  /** Writes bytes on the converter's end of the pty. */
  send(text: string): void;
  /** What the gateway wrote to the converter so far (its feedback command lines). */
  received(): string;
}

/** The gateway on a one-door card+PIN site whose reader, with a keypad, is on a pty. */
async function run(cleanups: Cleanups): Promise<Running> {
  const dir = tempDir(cleanups, "gatehouse-serial-keypad-");
  const pty = new PtyPair(dir);
  await pty.start();
  cleanups.push(() => pty.stop());
  const loaded = loadSite({ configDir: writeSerialSite(dir, pty.gw, 5000, { pin: PIN, pinTimeoutMs: 2000 }) });
  if (!loaded.ok) throw new Error(`site invalid: ${JSON.stringify(loaded.problems)}`);
  const gateway = await startGateway({ model: loaded.model, log: silentLogger() });
  cleanups.push(() => gateway.stop());
  const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gateway.port}`, siteId: SERIAL_SITE_ID });
  cleanups.push(() => client.close());
  const send = (text: string): void => {
    const fd = openSync(pty.dev, "w");
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  };
  let received = "";
  const stream = createReadStream(pty.dev, { encoding: "latin1" });
  stream.on("data", (chunk) => (received += String(chunk)));
  stream.on("error", () => undefined);
  cleanups.push(() => {
    stream.destroy();
  });
  return { client, send, received: () => received };
}

describe("a card+PIN door with a Wiegand reader and keypad through a serial converter", () => {
  const cleanups = cleanupsAfterEach();

  it("grants once the badge is followed by the PIN and '#'; a cleared false start does not count", async () => {
    const r = await run(cleanups);
    r.send(BADGE);
    // The converter is told to prompt for the PIN (amber, a beep); nothing is decided yet.
    await vi.waitFor(() => expect(r.received()).toBe("A\r\n"), { timeout: 2000 });
    expect(r.client.events.some((e) => e.type === "access")).toBe(false);
    r.send(keys(`9*${PIN}#`));
    const access = await r.client.waitForEvent((e) => e.type === "access");
    expect(access).toMatchObject({ door: "front", reader: "rdr-front", result: "granted", holder: "h-1" });
    await vi.waitFor(() => expect(r.received()).toBe("A\r\nG\r\n"), { timeout: 2000 });
  });

  it("denies a wrong PIN with pin_wrong", async () => {
    const r = await run(cleanups);
    r.send(BADGE);
    await new Promise((resolve) => setTimeout(resolve, 300));
    r.send(keys("1357#"));
    const access = await r.client.waitForEvent((e) => e.type === "access");
    expect(access).toMatchObject({ door: "front", result: "denied", reason: "pin_wrong", holder: "h-1" });
    await vi.waitFor(() => expect(r.received()).toBe("A\r\nR\r\n"), { timeout: 2000 });
  });

  it("denies with pin_required when no PIN comes before the timeout", async () => {
    const r = await run(cleanups);
    r.send(BADGE);
    const access = await r.client.waitForEvent((e) => e.type === "access", 5000);
    expect(access).toMatchObject({ door: "front", result: "denied", reason: "pin_required", holder: "h-1" });
  });
});
