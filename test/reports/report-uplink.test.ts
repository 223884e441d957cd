import { join } from "node:path";
import mqtt from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { EventPayload } from "../../src/bus/event-payloads.js";
import { DailySummary } from "../../src/reports/daily-summary.js";
import { ReportRunner } from "../../src/reports/report-runner.js";
import { systemTimers } from "../../src/time/timers.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { startAedesDistrict } from "../helpers/district-broker.js";
import { SITE, testUplinkModel, uplinkHarness } from "../helpers/uplink-harness.js";

describe("the daily summary at the district", () => {
  const cleanups = cleanupsAfterEach();

  it("goes out over the uplink as event/report, counts only", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    const received: unknown[] = [];
    const sub = await mqtt.connectAsync(d.url, { protocolVersion: 4, clientId: "district-console", reconnectPeriod: 0 });
    cleanups.push(() => void sub.end(true));
    sub.on("message", (_topic, payload) => received.push(JSON.parse(payload.toString())));
    await sub.subscribeAsync(`gatehouse/${SITE}/event/report`, { qos: 1 });
    const h = uplinkHarness(testUplinkModel(d.url));
    cleanups.push(() => h.dispose());
    h.record([{ type: "access", door: "main", reader: "main-r", result: "granted", reason: null, credential: { format: "h10301", facility: 12, number: 4242, raw: "1" }, holder: "h-1", role: null }]);
    const dir = join(h.dir, "reports");
    const runner = new ReportRunner({ storePath: join(h.dir, "gatehouse.db"), dir, site: { id: SITE, name: "Lincoln Elementary" } }, silentLogger(), systemTimers);
    cleanups.push(() => runner.close());
    const daily = new DailySummary({ runner, timeZone: "UTC", timers: systemTimers, dir, record: (e) => h.record([e]), log: silentLogger() });
    cleanups.push(() => daily.stop());
    h.uplink.start();

    await daily.summarise(new Date().toISOString().slice(0, 10));
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 20_000 });
    const event = EventPayload.parse(received[0]);
    expect(event).toMatchObject({ type: "report", kind: "daily", seq: 2 });
    if (event.type !== "report") return;
    expect(event.sections.find((s) => s.id === "access")?.figures).toContainEqual({ label: "Granted", value: 1, unit: "count" });
    expect(JSON.stringify(event)).not.toMatch(/4242|h-1/);
  });
});
