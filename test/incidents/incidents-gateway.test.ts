import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import type { EventPayload } from "../../src/bus/event-payloads.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, connectAs, demoModelWith } from "../helpers/demo-site.js";
import { capturedLog } from "../helpers/log-lines.js";

/** Staff accounts added to the demo site, one per role the test needs. */
const STAFF = {
  officer: { username: "officer-k", password: "officer-secret", role: "officer" },
  desk: { username: "desk", password: "desk-secret", role: "front_desk" },
  viewer: { username: "watcher", password: "watcher-secret", role: "viewer" },
  auditor: { username: "auditor", password: "auditor-secret", role: "audit" },
} as const;

/** What must never leave the store but to officers, administrators and auditors. */
const NARRATIVE = "Quinlan Zedbury pushed another pupil near the lockers";
const PERSON = "c-7731";

function siteWithStaff(): ReturnType<typeof demoModelWith> {
  return demoModelWith(Object.values(STAFF));
}

type Incident = { id: string; status: string; narrative: string; events: number[]; alarms: string[]; history: { action: string; by: string }[] };
const incidentOf = (envelope: { status: string; data?: unknown }): Incident => (envelope.data as { incident: Incident }).incident;

describe("incident records over MQTT, on a running gateway", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(model: RuntimeModel) {
    const captured = capturedLog();
    const gw = await bootDemo(model, undefined, captured.log);
    cleanups.push(gw.stop);
    return { gw, lines: captured.lines };
  }

  const connect = (model: RuntimeModel, port: number, who: { username: string; password: string }) => connectAs(cleanups, model, port, who);

  it("an officer opens, updates and closes an incident linked to a forced door and its alarm; the history survives a restart", async () => {
    const site = siteWithStaff();
    cleanups.push(site.cleanup);
    const { gw, lines } = await boot(site.model);
    const officer = await connect(site.model, gw.gateway.port, STAFF.officer);
    // A viewer listening to everything it may read: it must never see a narrative or a person.
    const viewer = await connect(site.model, gw.gateway.port, STAFF.viewer);
    const seen: string[] = [];
    viewer.mqtt.on("message", (_topic, payload) => seen.push(payload.toString("utf8")));
    await viewer.mqtt.subscribeAsync(`${viewer.topics.prefix}/#`, { qos: 1 });

    await gw.client.sim("dc-library", { open: true });
    const forced = await officer.waitForEvent((e) => e.type === "door" && e.action === "forced_open");
    const raised = await officer.waitForEvent((e) => e.type === "alarm_state" && e.action === "raised");
    const alarm = (raised as Extract<EventPayload, { type: "alarm_state" }>).instance;

    const opened = await officer.request("incident", {
      action: "open",
      kind: "intrusion",
      place: "library",
      occurred_at: "2026-11-23T08:58:00-06:00",
      narrative: NARRATIVE,
      people: { cardholders: [PERSON] },
      events: [forced.seq],
      alarms: [alarm],
    });
    expect(opened).toMatchObject({ status: "ok", data: { incident: { status: "open", occurred_at: "2026-11-23T14:58:00.000Z", opened_by: "officer-k", events: [forced.seq], alarms: [alarm] } } });
    const id = incidentOf(opened).id;
    const event = await officer.waitForEvent((e) => e.type === "incident" && e.action === "opened");
    expect(event).toMatchObject({ incident: id, kind: "intrusion", place: "library", status: "open", by: "officer-k", people: 1, events: 1, alarms: 1 });

    const unknown = await officer.request("incident", { action: "update", incident: id, events: [forced.seq, 987_654], alarms: [randomUUID()] });
    expect(unknown).toMatchObject({ status: "error", error: { code: "unknown_links" } });
    expect((unknown as { error: { message: string } }).error.message).toContain("987654");

    const updated = await officer.request("incident", { action: "update", incident: id, kind: "vandalism", note: "glass panel cracked" });
    expect(incidentOf(updated).history.map((h) => h.action)).toEqual(["opened", "updated"]);
    const closed = await officer.request("incident", { action: "close", incident: id, note: "door repaired" });
    expect(incidentOf(closed)).toMatchObject({ status: "closed", events: [forced.seq] });
    const late = await officer.request("incident", { action: "update", incident: id, place: "gym" });
    expect(late).toMatchObject({ status: "error", error: { code: "closed" } });
    await officer.waitForEvent((e) => e.type === "incident" && e.action === "closed" && e.kind === "vandalism");

    // Everything published so far has reached the viewer once a later round trip is answered.
    await gw.client.request("state");
    expect(seen.some((p) => p.includes('"type":"incident"'))).toBe(true);
    expect(seen.filter((p) => p.includes(NARRATIVE) || p.includes(PERSON))).toEqual([]);
    expect(lines.some((l) => l.event === "incident" && l.incident === id)).toBe(true);
    expect(lines.filter((l) => JSON.stringify(l).includes(NARRATIVE) || JSON.stringify(l).includes(PERSON))).toEqual([]);

    await gw.stop();
    const again = await boot(site.model);
    const auditor = await connect(site.model, again.gw.gateway.port, STAFF.auditor);
    const kept = await auditor.request("incident", { action: "get", incident: id });
    expect(incidentOf(kept)).toMatchObject({ status: "closed", narrative: NARRATIVE });
    expect(incidentOf(kept).history.map((h) => [h.action, h.by])).toEqual([["opened", "officer-k"], ["updated", "officer-k"], ["closed", "officer-k"]]);
  });

  it("refuses the front desk, a viewer and an auditor's changes, and bad payloads by field, storing nothing", async () => {
    const site = siteWithStaff();
    cleanups.push(site.cleanup);
    const { gw } = await boot(site.model);
    const open = { action: "open", kind: "fight", place: "cafeteria", occurred_at: "2026-11-23T14:00:00Z", narrative: NARRATIVE };

    const desk = await connect(site.model, gw.gateway.port, STAFF.desk);
    expect(await desk.request("incident", open)).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    expect(await desk.request("incident", { action: "list" })).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    const auditor = await connect(site.model, gw.gateway.port, STAFF.auditor);
    expect(await auditor.request("incident", open)).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    expect(await auditor.request("incident", { action: "list" })).toMatchObject({ status: "ok", data: { incidents: [] } });

    const viewer = await connect(site.model, gw.gateway.port, STAFF.viewer);
    const dropped = new Promise<void>((resolve) => viewer.mqtt.once("close", () => resolve()));
    await viewer.mqtt.publishAsync(viewer.topics.request("incident"), JSON.stringify(open)).catch(() => undefined);
    await dropped;

    const officer = await connect(site.model, gw.gateway.port, STAFF.officer);
    const bad = await officer.request("incident", { ...open, kind: "prank", narrative: "x".repeat(8_001), events: [0] });
    expect(bad).toMatchObject({ status: "error", error: { code: "invalid_request" } });
    const message = (bad as { error: { message: string } }).error.message;
    for (const field of ["kind", "narrative", "events.0"]) expect(message).toContain(field);
    expect(await officer.request("incident", { ...open, surprise: true })).toMatchObject({ error: { code: "invalid_request" } });
    expect(await officer.request("incident", { action: "close", incident: "not-a-uuid" })).toMatchObject({ error: { message: expect.stringContaining("incident") } });
    expect(await officer.request("incident", { action: "open", kind: "medical" })).toMatchObject({ error: { code: "invalid_request" } });

    const db = new Database(site.model.storagePath, { readonly: true });
    cleanups.push(() => void db.close());
    expect(db.prepare("SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM incident_history)").pluck().get()).toBe(0);
    expect(await officer.request("incident", { action: "list" })).toMatchObject({ status: "ok", data: { incidents: [] } });
  });
});
