import { describe, expect, it } from "vitest";
import { MusterStatePayload } from "../../src/bus/muster-payloads.js";
import { OccupancyPeoplePayload, OccupancyStatePayload } from "../../src/bus/occupancy-payloads.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, SCHOOL_HOURS } from "../helpers/demo-site.js";
import { connectAs, DESK, OFFICER, occupancySite, PAT, RILEY, TestRoster, VIEWER } from "../helpers/occupancy-site.js";
import { watchRetained } from "../helpers/retained-watch.js";

describe("who is in the building, on a running gateway", () => {
  const cleanups = cleanupsAfterEach();

  /** The occupancy site, running with `visitors` (id, name) signed in at its register. */
  async function boot(opts: { trackPeople?: boolean; visitors?: readonly [string, string][] } = {}) {
    const site = occupancySite(opts.trackPeople ?? true);
    cleanups.push(site.cleanup);
    const roster = new TestRoster();
    for (const [id, name] of opts.visitors ?? []) roster.signIn(id, name);
    const gw = await bootDemo(site.model, SCHOOL_HOURS, undefined, roster);
    cleanups.push(gw.stop);
    return { model: site.model, roster, gw };
  }

  async function client(model: RuntimeModel, port: number, who: { username: string; password: string }) {
    const c = await connectAs(model, port, who);
    cleanups.push(() => c.close());
    return c;
  }

  /** The site with Alex Visitor signed in, and the desk's view of the counts and the lists. */
  async function deskWatching() {
    const { model, roster, gw } = await boot({ visitors: [["v-1", "Alex Visitor"]] });
    const desk = await client(model, gw.gateway.port, DESK);
    const prefix = desk.topics.prefix;
    const counts = await watchRetained(desk, `${prefix}/state/occupancy`, OccupancyStatePayload);
    const people = await watchRetained(desk, `${prefix}/state/occupancy/people`, OccupancyPeoplePayload);
    return { roster, gw, counts, people };
  }

  it("counts visitors from the register and staff and students by their entry and exit reads", async () => {
    const { roster, gw, counts, people } = await deskWatching();
    await counts.until((s) => s.counts.visitors === 1 && s.counts.staff === 0 && s.tracking_people);

    await gw.client.sim("rdr-east-ext", { badge: PAT.badge });
    await gw.client.sim("rdr-main-outer-ext", { digits: RILEY.digits });
    await counts.until((s) => s.counts.staff === 1 && s.counts.students === 1);
    const inside = await people.until((s) => s.students.length === 1 && s.staff.length === 1);
    expect(inside.staff).toMatchObject([{ holder: PAT.holder, kind: "staff", reader: "rdr-east-ext" }]);
    expect(inside.students).toMatchObject([{ holder: RILEY.holder, kind: "student", reader: "rdr-main-outer-ext" }]);
    expect(inside.visitors).toMatchObject([{ visitor_id: "v-1", name: "Alex Visitor" }]);

    // Out through the east door's inside reader; a second visitor signs in at the desk.
    await gw.client.sim("rdr-east-int", { badge: PAT.badge });
    await counts.until((s) => s.counts.staff === 0 && s.counts.students === 1);
    roster.signIn("v-2", "Sam Guest");
    await counts.until((s) => s.counts.visitors === 2);
    roster.signOut("v-1");
    const last = await people.until((s) => s.counts.visitors === 1 && s.visitors[0]?.visitor_id === "v-2");
    expect(last.staff).toEqual([]);
  });

  it("counts a visitor held at the desk for an officer among the visitors in the building, flagged held", async () => {
    const { roster, gw, counts, people } = await deskWatching();
    await counts.until((s) => s.counts.visitors === 1 && s.held_visitors === 0);

    roster.hold("v-2", "Sam Waiting");
    expect((await counts.until((s) => s.counts.visitors === 2)).held_visitors).toBe(1);
    const listed = await people.until((s) => s.visitors.length === 2);
    expect(listed).toMatchObject({ held_visitors: 1, visitors: [{ visitor_id: "v-1", held: false }, { visitor_id: "v-2", name: "Sam Waiting", held: true }] });

    // Cleared by the officer: still one of the visitors, no longer held; then signed out.
    roster.signIn("v-2", "Sam Waiting");
    await counts.until((s) => s.counts.visitors === 2 && s.held_visitors === 0);
    roster.signOut("v-2");
    await counts.until((s) => s.counts.visitors === 1 && s.held_visitors === 0);
  });

  it("a read at a reader that is neither entry nor exit, or a refused badge, moves no one", async () => {
    const { gw } = await boot();
    const counts = await watchRetained(gw.client, `${gw.client.topics.prefix}/state/occupancy`, OccupancyStatePayload);
    await counts.until((s) => s.counts.visitors === 0);
    await gw.client.sim("rdr-library", { badge: PAT.badge });
    await gw.client.waitForEvent((e) => e.type === "access" && e.reader === "rdr-library");
    await gw.client.sim("rdr-east-ext", { digits: "0000000001" });
    await gw.client.waitForEvent((e) => e.type === "access" && e.result === "denied");
    await gw.client.request("state");
    expect(counts.latest()?.counts).toEqual({ visitors: 0, staff: 0, students: 0 });
  });

  it("does not place staff or students unless the site tracks them", async () => {
    const { gw } = await boot({ trackPeople: false });
    const counts = await watchRetained(gw.client, `${gw.client.topics.prefix}/state/occupancy`, OccupancyStatePayload);
    await gw.client.sim("rdr-east-ext", { badge: PAT.badge });
    await gw.client.waitForEvent((e) => e.type === "access" && e.result === "granted");
    await gw.client.request("state");
    expect(counts.latest()).toMatchObject({ tracking_people: false, counts: { visitors: 0, staff: 0, students: 0 } });
  });

  it("republishes the counts with every mode change", async () => {
    const { gw } = await boot();
    const counts = await watchRetained(gw.client, `${gw.client.topics.prefix}/state/occupancy`, OccupancyStatePayload);
    await gw.client.sim("rdr-main-outer-ext", { digits: RILEY.digits });
    await counts.until((s) => s.counts.students === 1 && s.mode === "normal");
    const before = counts.received();
    await gw.client.request("mode", { action: "raise", mode: "evacuate", drill: true });
    const raised = await counts.until((s) => s.mode === "evacuate");
    expect(raised).toMatchObject({ drill: true, counts: { students: 1 } });
    expect(counts.received()).toBeGreaterThan(before);
    await gw.client.request("mode", { action: "clear" });
    await counts.until((s) => s.mode === "normal" && !s.drill);
  });

  it("a viewer reads the counts but never the lists or the roll call", async () => {
    const { model, gw } = await boot({ visitors: [["v-1", "Alex Visitor"]] });
    await gw.client.sim("rdr-main-outer-ext", { digits: RILEY.digits });
    const officer = await client(model, gw.gateway.port, OFFICER);
    expect(await officer.request("muster", { action: "start" })).toMatchObject({ status: "ok" });

    const viewer = await client(model, gw.gateway.port, VIEWER);
    const seen: { topic: string; text: string }[] = [];
    viewer.mqtt.on("message", (topic, payload) => seen.push({ topic, text: payload.toString("utf8") }));
    await viewer.mqtt.subscribeAsync(`${viewer.topics.prefix}/#`, { qos: 1 });
    const counts = await watchRetained(viewer, `${viewer.topics.prefix}/state/occupancy`, OccupancyStatePayload);
    await counts.until((s) => s.counts.students === 1 && s.counts.visitors === 1);
    // The officer's own copy of the roll call arrives: by then the viewer's would have too.
    await watchRetained(officer, `${officer.topics.prefix}/state/muster`, MusterStatePayload).then((w) => w.until((s) => s.active));
    await gw.client.request("state");
    const topics = new Set(seen.map((m) => m.topic));
    expect(topics).toContain(`${viewer.topics.prefix}/state/occupancy`);
    expect(topics).not.toContain(`${viewer.topics.prefix}/state/occupancy/people`);
    expect(topics).not.toContain(`${viewer.topics.prefix}/state/muster`);
    expect(seen.some((m) => m.text.includes("Alex Visitor") || m.text.includes(RILEY.holder))).toBe(false);
  });
});
