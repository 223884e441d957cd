import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { connectAsync, type MqttClient } from "mqtt";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { startBroker, type Broker, type BrokerUser } from "../../../src/bus/broker.js";
import { DeskScanPayload, deskStateTopic } from "../../../src/bus/desk-topics.js";
import { siteTopics } from "../../../src/bus/topics.js";
import type { Input } from "../../../src/core/inputs.js";
import { IdScannerDevice } from "../../../src/drivers/hid/id-scanner-device.js";
import { silentLogger } from "../../../src/util/log.js";
import { DeskScans } from "../../../src/visitors/desk-scans.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { deviceOf } from "../../helpers/device-harness.js";
import { FakeHid, hidInfo } from "../../helpers/fake-hid.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { wedgeReports } from "../../helpers/wedge-typing.js";

const IDS = { vendorId: 0x0c2e, productId: 0x0b61 };
const topics = siteTopics("desk-site");
const USERS: readonly BrokerUser[] = [
  { username: "desk", password: "desk-secret", role: "front_desk" },
  { username: "view", password: "view-secret", role: "viewer" },
];
const DESK_TOPIC = `${topics.prefix}/state/desk/scanner-1`;
const cleanups = cleanupsAfterEach();
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/aamva/${name}`, import.meta.url), "latin1");
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function client(broker: Broker, username: string): Promise<{ client: MqttClient; got: Map<string, string> }> {
  const password = USERS.find((u) => u.username === username)?.password;
  const c = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, reconnectPeriod: 0, username, password });
  cleanups.push(() => c.endAsync(true));
  const got = new Map<string, string>();
  c.on("message", (topic, payload) => got.set(topic, payload.toString()));
  await c.subscribeAsync(`${topics.prefix}/#`);
  return { client: c, got };
}

async function setup() {
  const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: topics.prefix, users: USERS, anonymous: "deny", simEnabled: false, log: silentLogger() });
  cleanups.push(() => broker.close());
  const lines: string[] = [];
  const log = pino({ level: "debug" }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const inputs: Input[] = [];
  const hid = new FakeHid();
  const timers = new ManualTimers();
  const device = deviceOf("generic/usb-2d-id-scanner", { hid: IDS }, "scanner-1");
  const deskScans = new DeskScans({
    publish: (scanner, payload) => void broker.publish(deskStateTopic(topics.prefix, scanner), payload, { retain: true }),
    timers,
    wallNow: () => timers.now(),
    keepMs: 3 * 60_000,
  });
  const driver = new IdScannerDevice(device, { emit: (i) => inputs.push(i), broker, topics, log, deskScans }, { api: hid, timers });
  const dev = hid.plug(hidInfo(IDS));
  await driver.start();
  cleanups.push(() => driver.stop());
  return { broker, dev, timers, lines, inputs };
}

/** Wait until `got` holds the desk topic. */
async function deskState(got: Map<string, string>): Promise<DeskScanPayload> {
  for (let i = 0; i < 200 && !got.has(DESK_TOPIC); i++) await new Promise((r) => setTimeout(r, 5));
  return DeskScanPayload.parse(JSON.parse(got.get(DESK_TOPIC) ?? "null"));
}

describe("a front-desk ID scanner", () => {
  it("publishes a prefilled sign-in when the keys of a licence scan stop, for the desk's roles only", async () => {
    const s = await setup();
    const desk = await client(s.broker, "desk");
    const viewer = await client(s.broker, "view");
    for (const r of wedgeReports(fixture("v08-ca-dl.txt"))) s.dev.send(r);
    expect(desk.got.has(DESK_TOPIC)).toBe(false);
    s.timers.advance(300);
    const state = await deskState(desk.got);
    expect(state.result).toMatchObject({ ok: true, prefill: { first_name: "MINH", last_name: "NGUYEN", date_of_birth: "1990-04-15", id_last4: "9381", jurisdiction: "CA" } });
    // A later desk client gets the retained scan; the viewer never gets it, live or retained.
    const late = await client(s.broker, "desk");
    expect((await deskState(late.got)).scanner).toBe("scanner-1");
    const lateViewer = await client(s.broker, "view");
    await flush();
    expect(viewer.got.has(DESK_TOPIC)).toBe(false);
    expect(lateViewer.got.has(DESK_TOPIC)).toBe(false);
    // Nothing of the card reaches the engine or the logs.
    expect(s.inputs.map((i) => i.kind)).toEqual(["device_status"]);
    const logs = s.lines.join("");
    for (const pii of ["NGUYEN", "MINH", "1990", "Y4729381", "9381"]) expect(logs).not.toContain(pii);
    expect(logs).toContain("id scanned");
  });

  it("tells the desk to scan again when a scan is cut short", async () => {
    const s = await setup();
    const desk = await client(s.broker, "desk");
    for (const r of wedgeReports(fixture("partial-v10-tx-dl.txt"))) s.dev.send(r);
    s.timers.advance(300);
    expect((await deskState(desk.got)).result).toEqual({ ok: false, reason: "truncated", message: "the scan was cut short: hold the card still and scan again" });
  });

  it("says a barcode that is not a card is not one", async () => {
    const s = await setup();
    const desk = await client(s.broker, "desk");
    for (const r of wedgeReports(fixture("not-aamva.txt"))) s.dev.send(r);
    s.timers.advance(300);
    expect((await deskState(desk.got)).result).toMatchObject({ ok: false, reason: "not_aamva" });
  });
});
