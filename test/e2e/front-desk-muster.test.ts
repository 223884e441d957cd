import { describe, expect, it } from "vitest";
import { MusterStatePayload } from "../../src/bus/muster-payloads.js";
import { OccupancyStatePayload } from "../../src/bus/occupancy-payloads.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { PAT } from "../helpers/occupancy-site.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, signIn } from "../helpers/visitor-desk.js";
import { entry, snapshot } from "../screening/watch-entries.js";

/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;

describe("the front desk's visitors in an evacuation roll call", () => {
  const cleanups = cleanupsAfterEach();

  it("counts the visitors signed in, and the roll call expects and marks them", async () => {
    const gw = await bootDesk(cleanups);
    const occupancy = await watchState(gw.viewer, "occupancy", OccupancyStatePayload);
    const muster = await watchState(gw.officer, "muster", MusterStatePayload);
    const ids: string[] = [];
    for (const destination of ["library", "gym", "main_office"]) {
      const answer = (await gw.desk.request("visitor", signIn({ destination }))) as { data: { visitor_id: string } };
      ids.push(answer.data.visitor_id);
    }
    await gw.desk.request("visitor", { action: "sign_out", visitor_id: ids[2] });
    await gw.client.sim("rdr-east-ext", { badge: PAT.badge });
    await gw.client.waitForEvent((e) => e.type === "access" && e.holder === PAT.holder && e.result === "granted");
    expect((await occupancy.until((s) => s.counts.visitors === 2 && s.counts.staff === 1)).counts).toEqual({ visitors: 2, staff: 1, students: 0 });

    await gw.officer.request("mode", { action: "raise", mode: "evacuate", reason: "fire alarm" });
    const started = await gw.officer.request("muster", { action: "start" });
    expect(started).toMatchObject({ status: "ok", data: { muster: { mode: "evacuate", counts: { expected: 3, unaccounted: 3 } } } });
    const live = await muster.until((s) => s.active && s.muster?.counts.expected === 3);
    expect(live.muster?.unaccounted.map((p) => p.id).sort()).toEqual([PAT.holder, `visitor:${ids[0]}`, `visitor:${ids[1]}`].sort());

    await gw.officer.request("muster", { action: "mark", people: [`visitor:${ids[0]}`, PAT.holder], status: "accounted", point: "north-field" });
    const marked = await gw.officer.request("muster", { action: "mark", people: [`visitor:${ids[1]}`], status: "missing" });
    expect(marked).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 3, accounted: 2, missing: 1, unaccounted: 0 } } } });
    const counted = await muster.until((s) => s.muster?.counts.missing === 1);
    expect(counted.muster?.points.find((p) => p.id === "north-field")).toMatchObject({ accounted: 2 });
    expect(counted.muster?.missing).toMatchObject([{ id: `visitor:${ids[1]}`, kind: "visitor" }]);
    // The roll call's events count; they name no one.
    const step = await gw.viewer.waitForEvent((e) => e.type === "muster" && e.action === "marked" && e.missing === 1);
    expect(JSON.stringify(step)).not.toMatch(/Dana|Whitfield/);
  });

  it("counts a visitor held at the desk for an officer, and the roll call expects them flagged held", async () => {
    const gw = await bootDesk(cleanups);
    await gw.client.request("watchlist", snapshot("v1", 1, 1, [entry("w-3", "Gerald", "Pemberton", "1971-02-19")]), WORKER_START_MS);
    const occupancy = await watchState(gw.viewer, "occupancy", OccupancyStatePayload);
    const muster = await watchState(gw.officer, "muster", MusterStatePayload);
    const admitted = (await gw.desk.request("visitor", signIn())) as { data: { visitor_id: string } };
    const held = await gw.desk.request("visitor", signIn({ first_name: "Gerald", last_name: "Pemberton", date_of_birth: "1971-02-19", id_last4: "5520" }));
    expect(held).toMatchObject({ status: "ok", data: { status: "please_wait" } });
    const heldId = (held as { data: { visitor_id: string } }).data.visitor_id;
    const counted = await occupancy.until((s) => s.counts.visitors === 2);
    expect(counted.held_visitors).toBe(1);

    await gw.officer.request("mode", { action: "raise", mode: "evacuate", reason: "fire alarm" });
    expect(await gw.officer.request("muster", { action: "start" })).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 2 } } } });
    const live = await muster.until((s) => s.active && s.muster?.counts.expected === 2);
    const byId = new Map(live.muster?.unaccounted.map((p) => [p.id, p]));
    expect(byId.get(`visitor:${heldId}`)).toMatchObject({ kind: "visitor", name: "Gerald Pemberton", held: true });
    expect(byId.get(`visitor:${admitted.data.visitor_id}`)).toMatchObject({ kind: "visitor", held: false });
    // The counts go to every client: they name no one, held or not.
    expect(gw.seenByViewer.filter((m) => /Gerald|Pemberton/.test(m.text))).toEqual([]);
  });
});
