import { describe, expect, it } from "vitest";
import { MusterStatePayload } from "../../src/bus/muster-payloads.js";
import { OccupancyStatePayload } from "../../src/bus/occupancy-payloads.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { PAT } from "../helpers/occupancy-site.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, signIn } from "../helpers/visitor-desk.js";

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
});
