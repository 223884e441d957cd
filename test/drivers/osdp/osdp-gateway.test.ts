import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { Command } from "../../../src/drivers/osdp/codes.js";
import { SiteClient } from "../../../src/client/site-client.js";
import type { DeviceStatePayload } from "../../../src/bus/topics.js";
import { loadSite } from "../../../src/config/load-site.js";
import { OSDP_KEY_DIR } from "../../../src/drivers/osdp/osdp-keys.js";
import { startGateway, type Gateway } from "../../../src/main.js";
import { silentLogger } from "../../../src/util/log.js";
import { cleanupsAfterEach, type Cleanups } from "../../helpers/cleanups.js";
import { encodeBits } from "../../../src/core/badge.js";
import { pairedKey } from "../../helpers/osdp-cp-site.js";
import { OSDP_ADMIN, OSDP_OPERATOR, OSDP_PIN, OSDP_SITE_ID, storeReaderKey, writeOsdpSite, type OsdpSiteReader } from "../../helpers/osdp-gateway-site.js";
import { osdpPtyLine } from "../../helpers/osdp-pty.js";
import { SimReader, type SimReaderOptions } from "../../helpers/osdp-reader.js";
import { tempDir } from "../../helpers/temp-dir.js";

/** The holder's badge as the reader sends it: H10301, facility 1, card 1234, with its parity. */
const BADGE = encodeBits("h10301", 1, 1234);

const FRONT: OsdpSiteReader = { id: "rdr-front", address: 0, secure: "required" };

interface Running {
  dir: string;
  gateway: Gateway;
  client: SiteClient;
  sims: [SimReader, SimReader];
  /** The latest retained state of each device. */
  states: Map<string, DeviceStatePayload>;
}

/**
 * The gateway on a two-reader OSDP site over a socat pty pair, the simulated readers on the device
 * end; `front` is paired (its key stored beforehand), `side` as given.
 */
async function run(cleanups: Cleanups, side: OsdpSiteReader, sideSim: Partial<SimReaderOptions> = {}, cardAndPin = false): Promise<Running> {
  const dir = tempDir(cleanups, "gatehouse-osdp-e2e-");
  const { pair, line } = await osdpPtyLine(cleanups);
  storeReaderKey(dir, FRONT.id, pairedKey(FRONT.address));
  if (side.secure === "required") storeReaderKey(dir, side.id, pairedKey(side.address));
  const sims: [SimReader, SimReader] = [
    new SimReader(line, { address: FRONT.address, key: pairedKey(FRONT.address) }),
    new SimReader(line, { address: side.address, key: side.secure === "required" ? pairedKey(side.address) : null, ...sideSim }),
  ];
  const loaded = loadSite({ configDir: writeOsdpSite(dir, pair.gw, [FRONT, side], cardAndPin) });
  if (!loaded.ok) throw new Error(`site invalid: ${JSON.stringify(loaded.problems)}`);
  const gateway = await startGateway({ model: loaded.model, log: silentLogger() });
  cleanups.push(() => gateway.stop());
  const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gateway.port}`, siteId: OSDP_SITE_ID, ...OSDP_ADMIN });
  cleanups.push(() => client.close());
  const states = new Map<string, DeviceStatePayload>();
  client.mqtt.on("message", (topic, payload) => {
    const id = topic.startsWith(`${client.topics.prefix}/state/device/`) ? topic.split("/").pop() : undefined;
    if (id !== undefined) states.set(id, JSON.parse(payload.toString("utf8")) as DeviceStatePayload);
  });
  await client.mqtt.subscribeAsync(client.topics.deviceState("+"), { qos: 1 });
  return { dir, gateway, client, sims, states };
}

const online = (id: string) => (e: { type: string; device?: string; status?: string }) => e.type === "device" && e.device === id && e.status === "online";
const alarmOf = (id: string, alarm: string, active = true) => (e: { type: string; device?: string; alarm?: string; active?: boolean }) =>
  e.type === "alarm" && e.device === id && e.alarm === alarm && e.active === active;

describe("the gateway with two OSDP readers on one bus (socat pty pair)", () => {
  const cleanups = cleanupsAfterEach();

  it("grants a card read over Secure Channel, raises a tamper alarm, and follows a silent reader offline and back", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "required" };
    const r = await run(cleanups, side);
    await r.client.waitForEvent(online(FRONT.id));
    await r.client.waitForEvent(online(side.id));

    r.sims[0].queueCard(BADGE);
    const access = await r.client.waitForEvent((e) => e.type === "access");
    expect(access).toMatchObject({ door: "front", reader: FRONT.id, result: "granted", holder: "h-1", credential: { format: "h10301", facility: 1, number: 1234 } });
    // The reader shows the grant: its LED and beeper commands go out between polls.
    await vi.waitFor(() => expect(r.sims[0].commands).toEqual(expect.arrayContaining([Command.LED, Command.BUZ])), { timeout: 2000 });

    r.sims[1].queueLocalStatus(true, false);
    const tamper = await r.client.waitForEvent(alarmOf(side.id, "reader_tamper"));
    expect(tamper).toMatchObject({ door: "side", reason: "tamper" });
    r.sims[1].queueLocalStatus(false, false);
    await r.client.waitForEvent(alarmOf(side.id, "reader_tamper", false));

    r.sims[1].silent = true;
    await r.client.waitForEvent((e) => e.type === "device" && e.device === side.id && e.status === "offline", 3000);
    await r.client.waitForEvent(alarmOf(side.id, "reader_offline"));
    r.sims[1].silent = false;
    await r.client.waitForEvent((e) => online(side.id)(e) && e.seq > tamper.seq && r.client.events.some(alarmOf(side.id, "reader_offline")), 10_000);
    await r.client.waitForEvent(alarmOf(side.id, "reader_offline", false));

    // The other reader kept its session all along: one online, no offline.
    expect(r.client.events.filter((e) => e.type === "device" && e.device === FRONT.id).map((e) => e.type === "device" && e.status)).toEqual(["online"]);
    await expect.poll(() => r.states.get(side.id)?.osdp?.counters.timeouts ?? 0, { timeout: 3000 }).toBeGreaterThan(0);
    expect(r.states.get(FRONT.id)).toMatchObject({ kind: "reader", status: "online", frames_ok: 1, osdp: { address: 0, policy: "required", secure_channel: true, key_type: "scbk" } });
  }, 30_000);

  it("refuses a reader that offers no Secure Channel where it is required, and never polls it in clear", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "required" };
    const r = await run(cleanups, side, { secureChannel: false });
    const refused = await r.client.waitForEvent(alarmOf(side.id, "reader_security"), 8000);
    expect(refused).toMatchObject({ door: "side", reason: "sc_downgrade" });
    await r.client.waitForEvent(online(FRONT.id));
    r.sims[1].queueCard(BADGE);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(r.client.events.some(online(side.id))).toBe(false);
    expect(r.client.events.some((e) => e.type === "access" && e.reader === side.id)).toBe(false);
    expect(r.states.get(side.id)?.osdp).toMatchObject({ secure_channel: false, key_type: "none" });
  }, 15_000);

  it("pairs an install reader only inside the window an admin opens, stores its key privately, and never re-keys it", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "install" };
    const r = await run(cleanups, side);
    // Without a window the factory key is refused.
    await r.client.waitForEvent(alarmOf(side.id, "reader_security"), 8000);
    expect(r.sims[1].key).toBeNull();

    const denied = await SiteClient.connect({ url: `mqtt://127.0.0.1:${r.gateway.port}`, siteId: OSDP_SITE_ID, ...OSDP_OPERATOR });
    cleanups.push(() => denied.close());
    expect(await denied.request("osdp", { action: "install", reader: side.id, minutes: 1 })).toMatchObject({ status: "error", error: { code: "not_permitted" } });

    const opened = await r.client.request("osdp", { action: "install", reader: side.id, minutes: 1 });
    expect(opened).toMatchObject({ status: "ok", data: { reader: side.id } });
    const audited = await r.client.waitForEvent((e) => e.type === "command" && e.name === "osdp" && e.status === "ok");
    expect(audited).toMatchObject({ actor: "admin", source: "local" });
    await r.client.waitForEvent(online(side.id), 10_000);
    const key = r.sims[1].key;
    expect(key).not.toBeNull();

    const keyDir = join(r.dir, OSDP_KEY_DIR);
    const keyFile = join(keyDir, `${side.id}.scbk`);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, "utf8").trim()).toBe(Buffer.from(key ?? []).toString("hex"));
    await expect.poll(() => r.states.get(side.id)?.osdp?.key_type, { timeout: 3000 }).toBe("scbk");

    // Reset to the factory key (power off, reset, power on): refused, not paired again on its own.
    r.sims[1].silent = true;
    r.sims[1].key = null;
    await r.client.waitForEvent((e) => e.type === "device" && e.device === side.id && e.status === "offline", 5000);
    r.sims[1].silent = false;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(r.sims[1].key).toBeNull();
    expect(r.client.events.filter(online(side.id))).toHaveLength(1);
    expect(readFileSync(keyFile, "utf8").trim()).toBe(Buffer.from(key ?? []).toString("hex"));
  }, 30_000);

  it("rotates a paired reader's key at an admin's request, storing it only once acknowledged, and keeps the old one when refused or unanswered", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "required" };
    const r = await run(cleanups, side);
    await r.client.waitForEvent(online(side.id), 8000);
    const keyFile = join(r.dir, OSDP_KEY_DIR, `${side.id}.scbk`);
    const stored = () => readFileSync(keyFile, "utf8").trim();
    const hex = (key: Uint8Array | null) => Buffer.from(key ?? []).toString("hex");

    const denied = await SiteClient.connect({ url: `mqtt://127.0.0.1:${r.gateway.port}`, siteId: OSDP_SITE_ID, ...OSDP_OPERATOR });
    cleanups.push(() => denied.close());
    expect(await denied.request("osdp", { action: "rekey", reader: side.id })).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    expect(stored()).toBe(hex(pairedKey(side.address)));

    expect(await r.client.request("osdp", { action: "rekey", reader: side.id })).toMatchObject({ status: "ok", data: { reader: side.id, rekeyed: true } });
    const key = r.sims[1].key;
    expect(hex(key)).not.toBe(hex(pairedKey(side.address)));
    expect(stored()).toBe(hex(key));
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const audited = await r.client.waitForEvent((e) => e.type === "command" && e.name === "osdp" && e.status === "ok");
    expect(audited).toMatchObject({ actor: "admin", source: "local" });
    // The session restarted under the new key without an outage: a card read is granted.
    r.sims[1].queueCard(BADGE);
    expect(await r.client.waitForEvent((e) => e.type === "access" && e.reader === side.id)).toMatchObject({ result: "granted" });
    expect(r.client.events.filter((e) => e.type === "device" && e.device === side.id).map((e) => e.type === "device" && e.status)).toEqual(["online"]);

    r.sims[1].refuseKeyset = true;
    const refused = await r.client.request("osdp", { action: "rekey", reader: side.id });
    expect(refused).toMatchObject({ status: "error", error: { code: "rekey_refused", message: "NAK record_unprocessable; the old key stays" } });
    expect(stored()).toBe(hex(key));
    r.sims[1].silent = true;
    expect(await r.client.request("osdp", { action: "rekey", reader: side.id })).toMatchObject({ status: "error", error: { code: "rekey_no_answer" } });
    expect(stored()).toBe(hex(key));
    expect(r.sims[1].key).toEqual(key);
  }, 30_000);

  it("moves a reader to a new address by an admin's COMSET once the reader confirms it, says the config was not changed, and keeps the address when the reader disagrees", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "required" };
    const r = await run(cleanups, side);
    await r.client.waitForEvent(online(side.id), 8000);
    r.sims[1].comAnswer = { address: 1, baud: 9600 };
    const mismatch = await r.client.request("osdp", { action: "comset", reader: side.id, address: 9 });
    expect(mismatch).toMatchObject({ status: "error", error: { code: "comset_mismatch", message: "reader answered address 1 at 9600 baud; the reader keeps its settings" } });
    expect(await r.client.request("osdp", { action: "comset", reader: side.id, address: FRONT.address })).toMatchObject({ status: "error", error: { code: "refused" } });
    expect(await r.client.request("osdp", { action: "comset", reader: side.id })).toMatchObject({ status: "error", error: { code: "invalid_request" } });

    r.sims[1].comAnswer = null;
    const moved = await r.client.request("osdp", { action: "comset", reader: side.id, address: 9 });
    expect(moved).toMatchObject({ status: "ok", data: { reader: side.id, address: 9, baud: 9600, saved_to_config: false } });
    expect(moved.status === "ok" && (moved.data as { note: string }).note).toMatch(/not written to the configuration/);
    expect(r.sims[1].address).toBe(9);
    await expect.poll(() => r.states.get(side.id)?.osdp?.address, { timeout: 3000 }).toBe(9);
    r.sims[1].queueCard(BADGE);
    expect(await r.client.waitForEvent((e) => e.type === "access" && e.reader === side.id)).toMatchObject({ result: "granted" });
    expect(r.client.events.filter((e) => e.type === "command" && e.name === "osdp").map((e) => e.type === "command" && e.status)).toEqual(["error", "error", "error", "ok"]);
  }, 30_000);

  it("raises reader_security keyset_in_clear and leaves the reader unpaired when it acknowledges KEYSET in clear", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "install" };
    const r = await run(cleanups, side);
    r.sims[1].ackKeysetInClear = true;
    expect(await r.client.request("osdp", { action: "install", reader: side.id, minutes: 1 })).toMatchObject({ status: "ok" });
    const alarm = await r.client.waitForEvent((e) => alarmOf(side.id, "reader_security")(e) && e.type === "alarm" && e.reason === "keyset_in_clear", 10_000);
    expect(alarm).toMatchObject({ door: "side", active: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(existsSync(join(r.dir, OSDP_KEY_DIR, `${side.id}.scbk`))).toBe(false);
    expect(r.client.events.some(online(side.id))).toBe(false);
  }, 20_000);

  it("closes an install window on time: a reader that shows up after it is not paired", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "install" };
    const r = await run(cleanups, side);
    r.sims[1].silent = true;
    await r.client.waitForEvent(online(FRONT.id));
    expect(await r.client.request("osdp", { action: "install", reader: side.id, minutes: 0.02 })).toMatchObject({ status: "ok" });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    r.sims[1].silent = false;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(r.sims[1].key).toBeNull();
    expect(r.client.events.some(online(side.id))).toBe(false);
  }, 15_000);

  it("grants a card+PIN door once the PIN typed on the reader's keypad ends with #", async () => {
    const side: OsdpSiteReader = { id: "rdr-side", address: 1, secure: "required" };
    const r = await run(cleanups, side, {}, true);
    await r.client.waitForEvent(online(side.id), 8000);
    r.sims[1].queueCard(BADGE);
    // The reader asks for the PIN: amber flashing, a beep and "Enter PIN" on its display; no decision yet.
    await vi.waitFor(() => expect(r.sims[1].commands).toEqual(expect.arrayContaining([Command.LED, Command.BUZ, Command.TEXT])), { timeout: 2000 });
    expect(r.client.events.some((e) => e.type === "access")).toBe(false);
    // osdp_KEYPAD carries '#' as 0x0D: the PIN in two reports, as a slow finger types it.
    r.sims[1].queueKeypad(OSDP_PIN.slice(0, 2));
    r.sims[1].queueKeypad(`${OSDP_PIN.slice(2)}\r`);
    const access = await r.client.waitForEvent((e) => e.type === "access");
    expect(access).toMatchObject({ door: "side", reader: side.id, result: "granted", holder: "h-1" });
  }, 15_000);
});
