import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { describe, expect, it } from "vitest";
import { RequestRouter, type Envelope } from "../../src/bus/requests.js";
import { permitsRequest } from "../../src/bus/roles.js";
import { INLINE_MAX_BYTES, registerReportRequest, ReportResponseData } from "../../src/reports/report-request.js";
import { silentLogger } from "../../src/util/log.js";
import { clientFactory, nextResponse, publishRefused, startTestBroker } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { alarmDay, seedAlarms } from "../helpers/report-alarms.js";
import { reportRunner } from "../helpers/report-runner.js";
import { ROLE_USERS } from "../helpers/role-users.js";

const PREFIX = "gatehouse/test-site";
const cleanups = cleanupsAfterEach();
const clients = clientFactory(cleanups, ROLE_USERS);

/** A broker and router answering `request/report` from a real store of one school day, on manual time. */
async function rig(limitMs?: number) {
  const timers = new ManualTimers(Date.parse("2025-09-02T06:00:00Z"));
  const { db, add, dir, runner } = reportRunner(cleanups, timers, limitMs);
  seedAlarms(db, add, alarmDay());
  const broker = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: PREFIX, users: ROLE_USERS, anonymous: "viewer", simEnabled: false, log: silentLogger() });
  const router = new RequestRouter({ broker, prefix: PREFIX, log: silentLogger(), permits: permitsRequest });
  registerReportRequest(router, runner, () => timers.now());
  router.start();
  const connect = async (role?: string): Promise<MqttClient> => {
    const client = await clients.connect(broker, role);
    await client.subscribeAsync(`${PREFIX}/response/report`);
    return client;
  };
  const ask = async (client: MqttClient, body: object): Promise<Envelope> => {
    const answer = nextResponse(client);
    await client.publishAsync(`${PREFIX}/request/report`, JSON.stringify({ transaction: "t-1", ...body }));
    return answer;
  };
  return { dir, broker, runner, timers, connect, ask };
}

describe("request/report", () => {
  it("builds the report off the main thread, writes it to reports/ and gives it back when small", async () => {
    const { dir, connect, ask } = await rig();
    const officer = await connect("officer");
    const html = await ask(officer, { from: "2025-09-01", to: "2025-09-01", format: "html" });
    expect(html).toMatchObject({ status: "ok", transaction: "t-1", data: { from: "2025-09-01", to: "2025-09-01", format: "html" } });
    if (html.status !== "ok") return;
    const data = ReportResponseData.parse(html.data);
    expect(data.path).toBe(join(dir, "report-2025-09-01_2025-09-01-20250902T060000Z.html"));
    expect(data.content).toBe(readFileSync(data.path, "utf8"));
    expect(data.bytes).toBe(Buffer.byteLength(data.content ?? ""));
    expect(data.bytes).toBeLessThanOrEqual(INLINE_MAX_BYTES);
    expect(data.content).toContain("Alarm performance (ISA-18.2)");
    expect(data.content).not.toContain("4242");

    const csv = await ask(await connect("audit"), { from: "2025-09-01", to: "2025-09-01", format: "csv" });
    expect(csv).toMatchObject({ status: "ok", data: { format: "csv" } });
    if (csv.status === "ok") expect(ReportResponseData.parse(csv.data).content).toContain("alarm-kpis,key figures,Alarms per 10 min (peak),count,12\n");
  });

  it("is refused to roles without the right, and refuses bad periods", async () => {
    const { dir, broker, connect, ask } = await rig();
    // Roles that send no request at all lose their connection; the front desk is told no.
    for (const role of [undefined, "viewer", "monitor", "sim"]) {
      await publishRefused(await clients.connect(broker, role), `${PREFIX}/request/report`, '{"from":"2025-09-01","to":"2025-09-01"}');
    }
    expect(await ask(await connect("front_desk"), { from: "2025-09-01", to: "2025-09-01" })).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    const admin = await connect("admin");
    expect(await ask(admin, { from: "2025-09-02", to: "2025-09-01" })).toMatchObject({ error: { code: "invalid_period" } });
    expect(await ask(admin, { from: "2024-01-01", to: "2025-09-01" })).toMatchObject({ error: { code: "period_too_long" } });
    expect(await ask(admin, { from: "2025-09-01", to: "2025-09-01", format: "pdf" })).toMatchObject({ error: { code: "invalid_request" } });
    expect(existsSync(dir)).toBe(false);
  });

  it("builds one report at a time: a second asked meanwhile is refused busy", async () => {
    const { runner, connect, ask } = await rig();
    const [first, second] = [await connect("officer"), await connect("admin")];
    const building = ask(first, { from: "2025-09-01", to: "2025-09-01", format: "json" });
    await expect.poll(() => runner.busy).toBe(true);
    const refused = await ask(second, { from: "2025-09-01", to: "2025-09-01" });
    expect(refused).toMatchObject({ status: "error", error: { code: "busy" } });
    expect(await building).toMatchObject({ status: "ok", data: { format: "json" } });
    expect(runner.busy).toBe(false);
    expect(await ask(second, { from: "2025-09-01", to: "2025-09-01", format: "csv" })).toMatchObject({ status: "ok" });
  });

  it("stops a report past its time limit and builds the next one on a new thread", async () => {
    const { runner, timers, connect, ask } = await rig(30_000);
    const officer = await connect("officer");
    const building = ask(officer, { from: "2025-09-01", to: "2025-09-01" });
    await expect.poll(() => runner.busy).toBe(true);
    timers.advance(30_000);
    expect(await building).toMatchObject({ status: "error", error: { code: "timeout", message: "the report took longer than 30 s and was stopped" } });
    expect(await ask(officer, { from: "2025-09-01", to: "2025-09-01", format: "csv" })).toMatchObject({ status: "ok" });
  });
});
