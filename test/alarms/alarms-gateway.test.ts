import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { watchAlarms } from "../helpers/alarm-watch.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, connectAs, demoModelWith, SCHOOL_HOURS } from "../helpers/demo-site.js";

const OFFICER = { username: "officer", password: "officer-secret" };
const VIEWER = { username: "watcher", password: "watcher-secret" };

/** The demo site with an officer (role operator) and a viewer account. */
function siteWithStaff(): ReturnType<typeof demoModelWith> {
  return demoModelWith([{ ...OFFICER, role: "operator" }, { ...VIEWER, role: "viewer" }]);
}

describe("alarms that people answer, on a running gateway", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(model: RuntimeModel, start = SCHOOL_HOURS) {
    const gw = await bootDemo(model, start);
    cleanups.push(gw.stop);
    return gw;
  }

  const connect = (model: RuntimeModel, port: number, who: { username: string; password: string }) => connectAs(cleanups, model, port, who);

  it("a forced door raises an alarm an officer acknowledges (a viewer cannot); it clears when the door closes", async () => {
    const site = siteWithStaff();
    cleanups.push(site.cleanup);
    const gw = await boot(site.model);
    const officer = await connect(site.model, gw.gateway.port, OFFICER);
    const alarms = await watchAlarms(officer);

    await gw.client.sim("dc-library", { open: true });
    const raised = await officer.waitForEvent((e) => e.type === "alarm_state" && e.action === "raised");
    expect(raised).toMatchObject({ alarm: "forced_open@library", priority: "high", state: "active_unacked", by: null });
    await alarms.until((s) => s.unacked === 1);
    expect(alarms.latest()?.alarms).toMatchObject([{ alarm: "forced_open@library", state: "active_unacked", active: true, count: 1 }]);

    const viewer = await connect(site.model, gw.gateway.port, VIEWER);
    const closed = new Promise<void>((resolve) => viewer.mqtt.once("close", () => resolve()));
    await viewer.mqtt.publishAsync(viewer.topics.request("alarm"), JSON.stringify({ action: "ack", alarm: "forced_open@library" })).catch(() => undefined);
    await closed;
    // A round trip after the refused publish: had it been taken, the alarm would be acknowledged by now.
    await gw.client.request("state");
    expect(alarms.latest()?.alarms[0]?.state).toBe("active_unacked");

    const ack = await officer.request("alarm", { action: "ack", alarm: "forced_open@library", note: "checked on camera" });
    expect(ack).toMatchObject({ status: "ok", data: { alarm: { state: "active_acked", acked_by: "officer" } } });
    const acked = await officer.waitForEvent((e) => e.type === "alarm_state" && e.action === "acknowledged");
    expect(acked).toMatchObject({ by: "officer", note: "checked on camera", state: "active_acked" });
    const again = await officer.request("alarm", { action: "ack", alarm: "forced_open@library" });
    expect(again).toMatchObject({ status: "error", error: { code: "already_acknowledged" } });
    await alarms.until((s) => s.unacked === 0 && s.alarms.length === 1);

    await gw.client.sim("dc-library", { open: false });
    await officer.waitForEvent((e) => e.type === "alarm_state" && e.action === "cleared");
    await alarms.until((s) => s.alarms.length === 0);
    const audit = await officer.waitForEvent((e) => e.type === "command" && e.name === "alarm" && e.status === "ok");
    expect(audit).toMatchObject({ actor: "officer", source: "local" });

    const db = new Database(site.model.storagePath, { readonly: true });
    cleanups.push(() => void db.close());
    const row = db.prepare("SELECT alarm, state, raised_at, acked_at, acked_by, cleared_at FROM alarms").get() as Record<string, string | null>;
    expect(row).toMatchObject({ alarm: "forced_open@library", state: "normal", acked_by: "officer" });
    expect([row.raised_at, row.acked_at, row.cleared_at].every((t) => t !== null)).toBe(true);
  });

  it("an unacknowledged fire alarm survives a restart and escalates to the district when its time is up", async () => {
    const site = siteWithStaff();
    cleanups.push(site.cleanup);
    const first = await boot(site.model);
    await first.client.sim("fire-panel", { active: true });
    const raised = await first.client.waitForEvent((e) => e.type === "alarm_state" && e.action === "raised");
    expect(raised).toMatchObject({ alarm: "fire@fire-panel", priority: "critical", state: "active_unacked" });
    first.timers.advance(60_000);
    expect(first.client.events.some((e) => e.type === "alarm_state" && e.action === "escalated")).toBe(false);
    await first.stop();

    // The restart comes 60 s later: the alarm is still waiting, its deadline 120 s after the raise.
    const second = await boot(site.model, SCHOOL_HOURS + 60_000);
    const alarms = await watchAlarms(second.client);
    await alarms.until((s) => s.alarms.some((a) => a.alarm === "fire@fire-panel" && a.state === "active_unacked"));
    second.timers.advance(59_000);
    await second.client.request("state");
    expect(second.client.events.some((e) => e.type === "alarm_state")).toBe(false);
    second.timers.advance(1000);
    const escalated = await second.client.waitForEvent((e) => e.type === "alarm_state" && e.action === "escalated");
    expect(escalated).toMatchObject({ alarm: "fire@fire-panel", state: "active_unacked", priority: "critical" });
    await alarms.until((s) => s.alarms[0]?.escalated_at === new Date(SCHOOL_HOURS + 120_000).toISOString());
  });
});
