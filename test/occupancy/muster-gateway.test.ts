import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MusterStatePayload } from "../../src/bus/muster-payloads.js";
import { OccupancyStatePayload } from "../../src/bus/occupancy-payloads.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import type { Logger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { capturedLog } from "../helpers/log-lines.js";
import { bootDemo, SCHOOL_HOURS } from "../helpers/demo-site.js";
import { connectAs, DESK, OFFICER, occupancySite, PAT, RILEY, TestRoster } from "../helpers/occupancy-site.js";
import { watchRetained } from "../helpers/retained-watch.js";

describe("the roll call after an evacuation, on a running gateway", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(model: RuntimeModel, roster: TestRoster, start = SCHOOL_HOURS, log?: Logger) {
    const gw = await bootDemo(model, start, log, roster);
    cleanups.push(gw.stop);
    const officer = await connectAs(model, gw.gateway.port, OFFICER);
    cleanups.push(() => officer.close());
    const muster = await watchRetained(officer, `${officer.topics.prefix}/state/muster`, MusterStatePayload);
    return { gw, officer, muster };
  }

  /** Pat and Riley badged in, one visitor signed in, then the building evacuated. */
  async function evacuated(model: RuntimeModel, roster: TestRoster, log?: Logger) {
    roster.signIn("v-1", "Alex Visitor");
    const booted = await boot(model, roster, SCHOOL_HOURS, log);
    await booted.gw.client.sim("rdr-east-ext", { badge: PAT.badge });
    await booted.gw.client.sim("rdr-main-outer-ext", { digits: RILEY.digits });
    await booted.gw.client.waitForEvent((e) => e.type === "access" && e.holder === RILEY.holder);
    await booted.officer.request("mode", { action: "raise", mode: "evacuate", reason: "fire on the second floor" });
    return booted;
  }

  it("starts from who is in, takes marks at the assembly points, counts live and ends; the record survives a restart", async () => {
    const site = occupancySite();
    cleanups.push(site.cleanup);
    const roster = new TestRoster();
    const journal = capturedLog();
    const { gw, officer, muster } = await evacuated(site.model, roster, journal.log);

    const started = await officer.request("muster", { action: "start" });
    expect(started).toMatchObject({ status: "ok", data: { muster: { mode: "evacuate", started_by: "officer", counts: { expected: 3, unaccounted: 3 } } } });
    const live = await muster.until((s) => s.active && s.muster?.counts.expected === 3);
    expect(live.muster?.unaccounted.map((p) => p.id).sort()).toEqual([PAT.holder, RILEY.holder, "visitor:v-1"]);
    expect(live.muster?.points).toEqual([
      { id: "north-field", name: "North field", accounted: 0 },
      { id: "church-lot", name: "Church parking lot", accounted: 0 },
    ]);

    await officer.request("muster", { action: "mark", people: [RILEY.holder, "visitor:v-1"], status: "accounted", point: "north-field" });
    await muster.until((s) => s.muster?.counts.unaccounted === 1 && s.muster.counts.accounted === 2);
    await officer.request("muster", { action: "mark", people: [PAT.holder], status: "missing" });
    const marked = await officer.request("muster", { action: "mark", people: [PAT.holder], status: "injured", point: "church-lot" });
    expect(marked).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 3, accounted: 2, injured: 1, missing: 0, unaccounted: 0, extra: 0 } } } });
    await officer.request("muster", { action: "mark", people: ["h-9999"], status: "accounted", point: "church-lot" });
    const counted = await muster.until((s) => s.muster?.counts.extra === 1);
    expect(counted.muster?.points.map((p) => p.accounted)).toEqual([2, 2]);
    expect(counted.muster?.injured).toMatchObject([{ id: PAT.holder, point: "church-lot", by: "officer", extra: false }]);

    const ended = await officer.request("muster", { action: "end" });
    expect(ended).toMatchObject({ status: "ok", data: { muster: { ended_by: "officer" } } });
    await muster.until((s) => !s.active && s.muster?.ended_at !== null);
    expect(await officer.request("muster", { action: "mark", people: [PAT.holder], status: "accounted" })).toMatchObject({ status: "error", error: { code: "not_open" } });

    // The audit trail has every step, in numbers only.
    const steps = gw.client.events.filter((e) => e.type === "muster");
    expect(steps.map((e) => (e.type === "muster" ? e.action : null))).toEqual(["started", "marked", "marked", "marked", "marked", "ended"]);
    expect(steps.at(-1)).toMatchObject({ expected: 3, accounted: 2, injured: 1, missing: 0, unaccounted: 0, extra: 1, by: "officer" });
    const text = JSON.stringify(steps);
    expect([PAT.holder, RILEY.holder, "Alex Visitor", "v-1"].filter((s) => text.includes(s))).toEqual([]);
    // Nor in the journal: the roll call's lines are numbers, and no line names the visitor.
    const musterLines = JSON.stringify(journal.lines.filter((l) => l.event === "muster" || l.mod === "occupancy/muster"));
    expect(musterLines).toContain("roll call ended by officer");
    expect([PAT.holder, RILEY.holder, "v-1"].filter((s) => musterLines.includes(s))).toEqual([]);
    expect(journal.lines.filter((l) => JSON.stringify(l).includes("Alex Visitor"))).toEqual([]);
    await gw.stop();

    const second = await boot(site.model, new TestRoster(), SCHOOL_HOURS + 600_000);
    const kept = await second.muster.until((s) => s.muster !== null);
    expect(kept).toMatchObject({ active: false, muster: { id: counted.muster?.id, counts: { expected: 3, accounted: 2, injured: 1, extra: 1 } } });
    const db = new Database(site.model.storagePath, { readonly: true });
    cleanups.push(() => void db.close());
    expect(db.prepare("SELECT person, status, point, marked_by FROM muster_people ORDER BY person").all()).toEqual([
      { person: PAT.holder, status: "injured", point: "church-lot", marked_by: "officer" },
      { person: "h-3001", status: "accounted", point: "north-field", marked_by: "officer" },
      { person: "h-9999", status: "accounted", point: "church-lot", marked_by: "officer" },
      { person: "visitor:v-1", status: "accounted", point: "north-field", marked_by: "officer" },
    ]);
  });

  it("an open roll call goes on after a restart where it was", async () => {
    const site = occupancySite();
    cleanups.push(site.cleanup);
    const { gw, officer } = await evacuated(site.model, new TestRoster());
    await officer.request("muster", { action: "start" });
    await officer.request("muster", { action: "mark", people: [RILEY.holder], status: "accounted", point: "north-field" });
    await gw.stop();

    const second = await boot(site.model, new TestRoster(), SCHOOL_HOURS + 60_000);
    await second.muster.until((s) => s.active && s.muster?.counts.unaccounted === 2);
    // Who was in is placed again from the recorded reads (the visitor is the register's to say).
    const counts = await watchRetained(second.officer, `${second.officer.topics.prefix}/state/occupancy`, OccupancyStatePayload);
    await counts.until((s) => s.counts.staff === 1 && s.counts.students === 1 && s.mode === "evacuate");
    expect(await second.officer.request("muster", { action: "start" })).toMatchObject({ status: "error", error: { code: "already_open" } });
    const after = await second.officer.request("muster", { action: "mark", people: [PAT.holder, "visitor:v-1"], status: "accounted", point: "north-field" });
    expect(after).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 3, accounted: 3, unaccounted: 0 } } } });
  });

  it("expects a visitor held at the desk, flagged held, and keeps the flag through a restart", async () => {
    const site = occupancySite();
    cleanups.push(site.cleanup);
    const roster = new TestRoster();
    roster.hold("v-2", "Sam Waiting");
    const { gw, officer, muster } = await evacuated(site.model, roster);
    const started = await officer.request("muster", { action: "start" });
    expect(started).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 4, unaccounted: 4 } } } });
    const live = await muster.until((s) => s.active && s.muster?.counts.expected === 4);
    const visitors = live.muster?.unaccounted.filter((p) => p.kind === "visitor").sort((a, b) => a.id.localeCompare(b.id));
    expect(visitors).toMatchObject([
      { id: "visitor:v-1", name: "Alex Visitor", held: false },
      { id: "visitor:v-2", name: "Sam Waiting", held: true },
    ]);
    expect(live.muster?.unaccounted.filter((p) => p.held).map((p) => p.id)).toEqual(["visitor:v-2"]);
    await officer.request("muster", { action: "mark", people: ["visitor:v-2"], status: "accounted", point: "north-field" });
    await gw.stop();

    const second = await boot(site.model, new TestRoster(), SCHOOL_HOURS + 60_000);
    const kept = await second.muster.until((s) => s.active && s.muster?.counts.accounted === 1);
    expect(kept.muster?.unaccounted.find((p) => p.id === "visitor:v-1")).toMatchObject({ held: false });
    const marked = await second.officer.request("muster", { action: "mark", people: ["visitor:v-2"], status: "injured", point: "north-field" });
    expect(marked).toMatchObject({ status: "ok", data: { muster: { injured: [{ id: "visitor:v-2", name: "Sam Waiting", held: true }] } } });
  });

  it("only an officer or an administrator takes the roll call, and bad requests are refused", async () => {
    const site = occupancySite();
    cleanups.push(site.cleanup);
    const { gw, officer } = await boot(site.model, new TestRoster());
    const desk = await connectAs(site.model, gw.gateway.port, DESK);
    cleanups.push(() => desk.close());
    expect(await desk.request("muster", { action: "start" })).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    expect(await officer.request("muster", { action: "status" })).toMatchObject({ status: "error", error: { code: "not_open" } });
    expect(await officer.request("muster", { action: "end" })).toMatchObject({ status: "error", error: { code: "not_open" } });

    expect(await officer.request("muster", { action: "start" })).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 0 } } } });
    const bad = [
      { action: "roll" },
      { action: "mark", people: [], status: "accounted" },
      { action: "mark", people: ["h-1"], status: "present" },
      { action: "mark", people: ["h-1", "../x"], status: "accounted" },
      { action: "start", extra: 1 },
    ];
    for (const body of bad) {
      expect(await officer.request("muster", body)).toMatchObject({ status: "error", error: { code: "invalid_request" } });
    }
    expect(await officer.request("muster", { action: "mark", people: ["h-1"], status: "accounted", point: "parking" })).toMatchObject({
      status: "error",
      error: { code: "unknown_point" },
    });
    const status = await gw.client.request("muster", { action: "status" });
    expect(status).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 0, extra: 0 }, started_by: "officer" } } });
  });
});
