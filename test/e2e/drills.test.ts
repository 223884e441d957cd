import { describe, expect, it } from "vitest";
import { AlarmsStatePayload } from "../../src/bus/alarm-payloads.js";
import { DrillsStatePayload } from "../../src/bus/drill-payloads.js";
import type { EventPayload } from "../../src/bus/event-payloads.js";
import { SiteClient } from "../../src/client/site-client.js";
import { compileDrills } from "../../src/drills/drills-model.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel, SCHOOL_HOURS, withAccounts } from "../helpers/demo-site.js";
import { watchState } from "../helpers/retained-watch.js";

/** A door's contact opened without a grant: the core calls it forced. */
const forced = (door: string) => (e: EventPayload) => e.type === "door" && e.door === door && e.action === "forced_open";

type DrillPayload = Extract<EventPayload, { type: "drill" }>;
const isDrill = (action: DrillPayload["action"]) => (e: EventPayload): e is DrillPayload => e.type === "drill" && e.action === action;
/** The first drill event with `action` a client heard or hears. */
const drillEvent = async (client: SiteClient, action: DrillPayload["action"]) => (await client.waitForEvent(isDrill(action))) as DrillPayload;

/** Illinois, with the 2026-27 school year starting on `firstDay` in Chicago, the demo's zone (the law-enforcement drill is due 90 days later). */
function illinoisFrom(firstDay: string) {
  return compileDrills({ profile: "illinois", school_years: { "2026-27": { first_day: firstDay, last_day: "2027-06-01" } } }, "America/Chicago");
}

describe("drills on the running gateway", () => {
  const cleanups = cleanupsAfterEach();

  /** Boot the demo with its drills; `site` another boot's, to start again on its store. */
  async function boot(firstDay = "2026-09-01", start = SCHOOL_HOURS, site = demoModel()) {
    cleanups.push(site.cleanup);
    const roles = ["officer", "front_desk"] as const;
    const model = { ...withAccounts(site.model, roles.map((role) => ({ username: role, role, password: `${role}-secret` }))), drills: illinoisFrom(firstDay) };
    const demo = await bootDemo(model, start);
    cleanups.push(demo.stop);
    return demo;
  }

  it("a lockdown drill raised and cleared over MQTT is recorded with its time to secure and the door left open", async () => {
    const gw = await boot();
    await gw.client.sim("dc-gym", { open: true });
    await gw.client.waitForEvent(forced("gym"));
    expect(await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true })).toMatchObject({ status: "ok" });
    const started = await drillEvent(gw.client, "started");
    expect(started).toMatchObject({ drill_type: "lockdown", mode: "lockdown", started_by: "demo", ended_at: null });
    gw.timers.advance(4_000);
    expect(await gw.client.request("mode", { action: "clear" })).toMatchObject({ status: "ok" });
    const ended = await drillEvent(gw.client, "ended");
    expect(ended).toMatchObject({ drill_id: started.drill_id, ended_by: "demo", secure_ms: null, unsecured: [{ door: "gym", missing: ["contact"] }] });
    expect(Date.parse(ended.ended_at ?? "") - Date.parse(ended.started_at)).toBe(4_000);
    // The drill events are in the audit trail like any other event, in seq order after the mode's.
    const modeSeq = gw.client.events.find((e) => e.type === "mode")?.seq ?? Infinity;
    expect(started.seq).toBeGreaterThan(modeSeq);
  });

  it("measures the time from the raise until the last open door closes", async () => {
    const gw = await boot();
    await gw.client.sim("dc-east", { open: true });
    await gw.client.waitForEvent(forced("east"));
    await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    await drillEvent(gw.client, "started");
    gw.timers.advance(3_000);
    await gw.client.sim("dc-east", { open: false });
    const secured = await drillEvent(gw.client, "updated");
    expect(secured).toMatchObject({ secure_ms: 3_000, unsecured: [] });
    await gw.client.request("mode", { action: "clear" });
    expect(await drillEvent(gw.client, "ended")).toMatchObject({ secure_ms: 3_000, unsecured: [] });
  });

  /** A gateway on the demo site whose east door stands open when a lockdown drill is raised. */
  async function lockdownDrillWithEastOpen() {
    const site = demoModel();
    const first = await boot(undefined, SCHOOL_HOURS, site);
    await first.client.sim("dc-east", { open: true });
    await first.client.waitForEvent(forced("east"));
    await first.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    const started = await drillEvent(first.client, "started");
    return { site, first, started };
  }

  it("a lockdown drill the gateway restarts during still ends with its time to secure from the raise", async () => {
    const { site, first, started } = await lockdownDrillWithEastOpen();
    first.timers.advance(2_000);
    await first.stop();

    // Back a minute after the raise, the lockdown restored; the east door is still open (its contact
    // reads open once the inputs start), then closes.
    const second = await boot(undefined, SCHOOL_HOURS + 60_000, site);
    expect(second.gateway.engine.current.safety).toMatchObject({ mode: "lockdown", drill: true });
    await second.client.sim("dc-east", { open: true });
    await second.client.waitForEvent(forced("east"));
    second.timers.advance(5_000);
    await second.client.sim("dc-east", { open: false });
    expect(await drillEvent(second.client, "updated")).toMatchObject({ drill_id: started.drill_id, secure_ms: 65_000, unsecured: [] });
    await second.client.request("mode", { action: "clear" });
    const ended = await drillEvent(second.client, "ended");
    expect(ended).toMatchObject({ drill_id: started.drill_id, secure_ms: 65_000, unsecured: [] });
    expect(ended.secure_ms_at_most).toBeUndefined();
  });

  it("a lockdown drill whose doors were secured while the gateway was down says so, with no exact figure", async () => {
    const { site, first, started } = await lockdownDrillWithEastOpen();
    await first.stop();

    // East closed while the gateway was down: it starts again 90 s after the raise and finds every door secured.
    const second = await boot(undefined, SCHOOL_HOURS + 90_000, site);
    await second.client.request("mode", { action: "clear" });
    const ended = await drillEvent(second.client, "ended");
    expect(ended).toMatchObject({ drill_id: started.drill_id, secure_ms: null, secure_ms_at_most: 90_000, unsecured: [] });
    expect(ended.secure_note).toContain("not running");
    const record = await second.client.request("drill", { action: "update", drill: started.drill_id });
    expect(record).toMatchObject({ status: "ok", data: { drill: { secure_ms: null, secure_ms_at_most: 90_000 } } });
  });

  it("a lockdown noted as the law-enforcement drill moves that requirement from due to done", async () => {
    const gw = await boot();
    const state = await watchState(gw.client, "drills", DrillsStatePayload);
    const lawEnforcement = (s: DrillsStatePayload) => s.requirements.find((r) => r.id === "law_enforcement")?.status;
    expect(lawEnforcement(await state.until((s) => s.year === "2026-27"))).toBe("due");
    await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    const noted = await gw.client.request("drill", { action: "update", type: "law_enforcement", participants: ["law_enforcement"], notes: "Officer on site" });
    expect(noted).toMatchObject({ status: "ok", data: { drill: { type: "law_enforcement", participants: ["law_enforcement"], notes: "Officer on site" } } });
    await state.until((s) => lawEnforcement(s) === "done");
    const asked = await gw.client.request("drills", { year: "2026-27" });
    expect(asked).toMatchObject({ status: "ok", data: { requirements: expect.arrayContaining([expect.objectContaining({ id: "law_enforcement", status: "done", held: 1 })]) } });
    // The notes are the record's, not the events': free text may name a student.
    const updated = await drillEvent(gw.client, "updated");
    expect(JSON.stringify(updated)).not.toContain("Officer on site");
  });

  it("raises a drill_overdue alarm when a required drill passes its deadline undone", async () => {
    // First day 25 August (CDT): the law-enforcement drill is due by 23 November at midnight in Chicago,
    // 06:00 UTC now that daylight saving time has ended (not 00:00 UTC, 18:00 the evening before); start a minute before.
    const deadline = Date.parse("2026-11-23T06:00:00Z");
    const gw = await boot("2026-08-25", deadline - 60_000);
    const alarms = await watchState(gw.client, "alarms", AlarmsStatePayload);
    const drills = await watchState(gw.client, "drills", DrillsStatePayload);
    await drills.until((s) => s.overdue === 0 && s.due > 0);
    expect((await alarms.until(() => true)).alarms.some((a) => a.kind === "drill_overdue")).toBe(false);
    gw.timers.advance(60_000);
    const raised = await alarms.until((s) => s.alarms.some((a) => a.kind === "drill_overdue"));
    expect(raised.alarms.find((a) => a.kind === "drill_overdue")).toMatchObject({ alarm: "drill_overdue@drills:law_enforcement", priority: "medium", active: true });
    const overdue = (await drills.until((s) => s.overdue === 1)).requirements.find((r) => r.status === "overdue");
    // The last day that counted is the Chicago day before the deadline, whatever the reader's zone.
    expect(overdue).toMatchObject({ id: "law_enforcement", deadline: "2026-11-23T06:00:00.000Z", last_day: "2026-11-22" });
  });

  it("an officer keeps a drill's record and reads the year's compliance; the front desk may not", async () => {
    const gw = await boot();
    const as = async (role: "officer" | "front_desk") => {
      const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gw.gateway.port}`, siteId: "lincoln-es", username: role, password: `${role}-secret` });
      cleanups.push(() => client.close());
      return client;
    };
    const officer = await as("officer");
    await officer.request("mode", { action: "raise", mode: "evacuate", drill: true });
    const noted = await officer.request("drill", { action: "update", participants: ["fire_department"] });
    expect(noted).toMatchObject({ status: "ok", data: { drill: { type: "evacuation", started_by: "officer", participants: ["fire_department"] } } });
    expect(await officer.request("drills", {})).toMatchObject({ status: "ok", data: { year: "2026-27" } });
    const desk = await as("front_desk");
    expect(await desk.request("drill", { action: "end" })).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    expect(await desk.request("drills", {})).toMatchObject({ status: "error", error: { code: "not_permitted" } });
  });

  it("lists the year's past drills newest first a page at a time, to those who may read drills only", async () => {
    const gw = await boot();
    const minute = 60_000;
    await gw.client.request("drill", { action: "start", type: "fire" });
    await gw.client.request("drill", { action: "end" });
    gw.timers.advance(minute);
    await gw.client.request("drill", { action: "start", type: "bus_evacuation" });
    await gw.client.request("drill", { action: "end" });
    gw.timers.advance(minute);
    await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    await drillEvent(gw.client, "started");
    gw.timers.advance(1_000);
    await gw.client.request("mode", { action: "clear" });
    await drillEvent(gw.client, "ended");

    const first = await gw.client.request("drills", { action: "list", limit: 2 });
    expect(first).toMatchObject({ status: "ok", data: { year: "2026-27", from: "2026-09-01T05:00:00.000Z", to: "2027-06-02T05:00:00.000Z" } });
    const page = (r: typeof first) => (r.status === "ok" ? (r.data as { drills: { id: number; type: string; started_at: string; secure_ms?: number | null }[]; next: number | null }) : undefined);
    expect(page(first)?.drills.map((d) => d.type)).toEqual(["lockdown", "bus_evacuation"]);
    expect(page(first)?.drills[0]).toMatchObject({ started_at: new Date(SCHOOL_HOURS + 2 * minute).toISOString(), secure_ms: 0 });
    const next = page(first)?.next;
    expect(next).toBe(page(first)?.drills[1]?.id);
    const second = await gw.client.request("drills", { action: "list", limit: 2, before: next });
    expect(page(second)).toMatchObject({ drills: [{ type: "fire" }], next: null });
    // A range instead of a year: the minute of the bus evacuation alone.
    const ranged = await gw.client.request("drills", { action: "list", from: new Date(SCHOOL_HOURS + minute).toISOString(), to: new Date(SCHOOL_HOURS + 2 * minute).toISOString() });
    expect(page(ranged)).toMatchObject({ drills: [{ type: "bus_evacuation" }], next: null });
    expect(ranged).toMatchObject({ data: { year: null } });
    expect(await gw.client.request("drills", { action: "list", year: "2030-31" })).toMatchObject({ status: "error", error: { code: "not_found" } });

    const desk = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gw.gateway.port}`, siteId: "lincoln-es", username: "front_desk", password: "front_desk-secret" });
    cleanups.push(() => desk.close());
    expect(await desk.request("drills", { action: "list" })).toMatchObject({ status: "error", error: { code: "not_permitted" } });
  });

  it("a drill held without a mode is started and ended by request, one drill at a time", async () => {
    const gw = await boot();
    const started = await gw.client.request("drill", { action: "start", type: "bus_evacuation" });
    expect(started).toMatchObject({ status: "ok", data: { drill: { type: "bus_evacuation", mode: null, started_by: "demo" } } });
    expect(await gw.client.request("drill", { action: "start", type: "fire" })).toMatchObject({ status: "error", error: { code: "drill_running" } });
    const ended = await gw.client.request("drill", { action: "end" });
    expect(ended).toMatchObject({ status: "ok", data: { drill: { ended_by: "demo" } } });
    expect(await gw.client.request("drill", { action: "end" })).toMatchObject({ status: "error", error: { code: "not_found" } });
  });
});
