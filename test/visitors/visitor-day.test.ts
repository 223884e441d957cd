import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { EventPayload } from "../../src/bus/event-payloads.js";
import { MusterStatePayload } from "../../src/bus/muster-payloads.js";
import type { SiteClient } from "../../src/client/site-client.js";
import { VISITOR_PURGE_FIRST_MS } from "../../src/visitors/visitor-purge.js";
import { VisitorsStatePayload } from "../../src/visitors/visitor-schemas.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { SCHOOL_HOURS } from "../helpers/demo-site.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, deskModel, signIn, visitorRows } from "../helpers/visitor-desk.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 16:00 in Chicago on the demo's Monday, the demo's `school_day_end`: 7 h after SCHOOL_HOURS (09:00). */
const DAY_END = SCHOOL_HOURS + 7 * HOUR;
/** Ten minutes before it: the gateway's own timers make every simulated minute cost real time. */
const LATE = DAY_END - 10 * 60_000;

/** The `visitor` events of the audit store, read through `request/events`. */
async function visitorEvents(client: SiteClient): Promise<Extract<EventPayload, { type: "visitor" }>[]> {
  const answer = (await client.request("events", { after_seq: 0, limit: 1000 })) as { data: { events: EventPayload[] } };
  return answer.data.events.filter((e): e is Extract<EventPayload, { type: "visitor" }> => e.type === "visitor");
}

describe("the register over the days", () => {
  const cleanups = cleanupsAfterEach();

  it("signs out every visitor still in at the end of the school day, and only then", async () => {
    const gw = await bootDesk(cleanups, { start: LATE });
    const onSite = await watchState(gw.desk, "visitors", VisitorsStatePayload);
    const ids: string[] = [];
    for (const destination of ["library", "gym"]) {
      const answer = (await gw.desk.request("visitor", signIn({ destination }))) as { data: { visitor_id: string } };
      ids.push(answer.data.visitor_id);
    }
    await onSite.until((s) => s.on_site.length === 2);

    gw.timers.advance(DAY_END - LATE - 1);
    await gw.desk.request("state");
    expect(gw.desk.events.filter((e) => e.type === "visitor" && e.action === "auto_signed_out")).toEqual([]);
    gw.timers.advance(1);
    await onSite.until((s) => s.on_site.length === 0);
    await gw.desk.waitForEvent((e) => e.type === "visitor" && e.action === "auto_signed_out" && e.visitor_id === ids[1]);
    const out = gw.desk.events.filter((e) => e.type === "visitor" && e.action === "auto_signed_out");
    expect(out).toMatchObject([
      { visitor_id: ids[0], destination: "library", by: null, on_site: 0 },
      { visitor_id: ids[1], destination: "gym", by: null, on_site: 0 },
    ]);
    expect(out.every((e) => e.ts === new Date(DAY_END).toISOString())).toBe(true);
  });

  it("signs out at start a visitor a day end passed while the gateway was off, then purges ID data and old visits after their retention", async () => {
    const model = deskModel(cleanups);
    const first = await bootDesk(cleanups, { model });
    const stays = (await first.desk.request("visitor", signIn())) as { data: { visitor_id: string } };
    const leaves = (await first.desk.request("visitor", signIn({ destination: "gym" }))) as { data: { visitor_id: string } };
    await first.desk.request("visitor", { action: "sign_out", visitor_id: leaves.data.visitor_id });
    await first.stop();

    // 30 days of ID retention (the demo's): a day past them, the ID data goes, the visits stay.
    const second = await bootDesk(cleanups, { model, start: SCHOOL_HOURS + 31 * DAY });
    const rows = visitorRows(cleanups, model.storagePath);
    expect(rows().map((r) => [r.id, r.status])).toEqual([
      [stays.data.visitor_id, "signed_out"],
      [leaves.data.visitor_id, "signed_out"],
    ]);
    second.timers.advance(VISITOR_PURGE_FIRST_MS - 1);
    await second.desk.request("state");
    expect(rows().every((r) => r.date_of_birth === "1983-06-14")).toBe(true);
    second.timers.advance(1);
    await second.desk.waitForEvent((e) => e.type === "visitor" && e.action === "purged");
    expect(rows().map((r) => [r.date_of_birth, r.id_type, r.id_last4, r.first_name])).toEqual([
      [null, null, null, "Dana"],
      [null, null, null, "Dana"],
    ]);
    const events = await visitorEvents(second.client);
    expect(events.filter((e) => e.action === "auto_signed_out")).toMatchObject([{ visitor_id: stays.data.visitor_id, by: null }]);
    expect(events.filter((e) => e.action === "purged")).toMatchObject([{ visitor_id: null, purged: { id_data: 2, visits: 0, roll_call_names: 0 } }]);
    await second.stop();

    // 365 days of visit retention: a day past them, the whole visits go.
    const third = await bootDesk(cleanups, { model, start: SCHOOL_HOURS + 366 * DAY });
    third.timers.advance(VISITOR_PURGE_FIRST_MS);
    await third.desk.waitForEvent((e) => e.type === "visitor" && e.action === "purged");
    expect(rows()).toEqual([]);
    expect((await visitorEvents(third.client)).filter((e) => e.action === "purged").map((e) => e.purged)).toEqual([
      { id_data: 2, visits: 0, roll_call_names: 0 },
      { id_data: 0, visits: 2, roll_call_names: 0 },
    ]);
  });

  it("empties visitors' names from ended roll calls past the ID data's retention, and republishes the last one without them", async () => {
    const model = deskModel(cleanups);
    const first = await bootDesk(cleanups, { model });
    const visit = (await first.desk.request("visitor", signIn())) as { data: { visitor_id: string } };
    await first.officer.request("mode", { action: "raise", mode: "evacuate", drill: true });
    expect(await first.officer.request("muster", { action: "start" })).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 1 } } } });
    await first.officer.request("muster", { action: "mark", people: [`visitor:${visit.data.visitor_id}`], status: "missing" });
    expect(await first.officer.request("muster", { action: "end" })).toMatchObject({ status: "ok", data: { muster: { missing: [{ name: "Dana Whitfield" }] } } });
    await first.stop();

    const second = await bootDesk(cleanups, { model, start: SCHOOL_HOURS + 31 * DAY });
    const muster = await watchState(second.officer, "muster", MusterStatePayload);
    await muster.until((s) => s.muster?.missing[0]?.name === "Dana Whitfield");
    second.timers.advance(VISITOR_PURGE_FIRST_MS);
    const purged = await second.desk.waitForEvent((e) => e.type === "visitor" && e.action === "purged");
    expect(purged).toMatchObject({ purged: { id_data: 1, visits: 0, roll_call_names: 1 } });
    const republished = await muster.until((s) => s.muster?.missing[0]?.name === null);
    expect(republished.muster?.missing).toMatchObject([{ id: `visitor:${visit.data.visitor_id}`, kind: "visitor", status: "missing" }]);
    const db = new Database(model.storagePath, { readonly: true });
    cleanups.push(() => void db.close());
    expect(db.prepare("SELECT person, name, status FROM muster_people").all()).toEqual([{ person: `visitor:${visit.data.visitor_id}`, name: null, status: "missing" }]);
  });
});
