import { describe, expect, it } from "vitest";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { VisitorHoldsPayload, VisitorsStatePayload } from "../../src/visitors/visitor-schemas.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { SCHOOL_HOURS } from "../helpers/demo-site.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, signIn } from "../helpers/visitor-desk.js";
import { entry, snapshot } from "../screening/watch-entries.js";

/** The demo's pool card V-01 as the simulated reader takes it. */
const V01 = formatBadgeText(encodeBits("h10301", 200, 1));
/** 16:00 in Chicago on the demo's Monday, the demo's `school_day_end`: 7 h after SCHOOL_HOURS (09:00). */
const DAY_END = SCHOOL_HOURS + 7 * 3_600_000;
/** Five minutes before it: the gateway's own timers make every simulated minute cost real time. */
const LATE = DAY_END - 5 * 60_000;
/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;

describe("the end of the school day at the front desk", () => {
  const cleanups = cleanupsAfterEach();

  it("signs out a visitor still in, and their pass card stops opening the destination", async () => {
    const gw = await bootDesk(cleanups, { start: LATE });
    const onSite = await watchState(gw.desk, "visitors", VisitorsStatePayload);
    const answer = await gw.desk.request("visitor", signIn({ destination: "library" }));
    expect(answer).toMatchObject({ status: "ok", data: { status: "signed_in", pass: { card_label: "V-01", expires_at: new Date(DAY_END).toISOString() } } });
    const id = (answer as { data: { visitor_id: string } }).data.visitor_id;
    await onSite.until((s) => s.on_site.length === 1);
    const access = (result: string) => gw.client.waitForEvent((e) => e.type === "access" && e.door === "library" && e.result === result);

    await gw.client.sim("rdr-library", { badge: V01 });
    expect(await access("granted")).toMatchObject({ holder: id, role: "visitor" });

    gw.timers.advance(DAY_END - LATE);
    await onSite.until((s) => s.on_site.length === 0);
    expect(await gw.desk.waitForEvent((e) => e.type === "visitor" && e.action === "auto_signed_out")).toMatchObject({ visitor_id: id, by: null, on_site: 0 });
    await gw.client.sim("rdr-library", { badge: V01 });
    expect(await access("denied")).toMatchObject({ reason: "unknown_credential", holder: null });
  });

  it("signs out a visitor still held for an officer, as an auto sign-out that ends the hold's alarms", async () => {
    const gw = await bootDesk(cleanups, { start: LATE });
    await gw.client.request("watchlist", snapshot("v1", 1, 1, [entry("w-3", "Gerald", "Pemberton", "1971-02-19")]), WORKER_START_MS);
    const desk = await watchState(gw.desk, "visitors", VisitorsStatePayload);
    const holds = await watchState(gw.officer, "visitor_holds", VisitorHoldsPayload);
    const answer = await gw.desk.request("visitor", signIn({ first_name: "Gerald", last_name: "Pemberton", date_of_birth: "1971-02-19", id_last4: "5520" }));
    const id = (answer as { data: { visitor_id: string } }).data.visitor_id;
    expect(await gw.officer.request("visitor", { action: "decide", visitor_id: id, decision: "escalate", note: "calling the district" })).toMatchObject({
      status: "ok",
      data: { status: "held" },
    });
    await gw.officer.waitForEvent((e) => e.type === "alarm_state" && e.kind === "visitor_escalated" && e.action === "raised");
    await holds.until((s) => s.holds.length === 1);

    gw.timers.advance(DAY_END - LATE);
    expect(await gw.officer.waitForEvent((e) => e.type === "visitor" && e.action === "auto_signed_out")).toMatchObject({ visitor_id: id, by: null, on_site: 0 });
    await desk.until((s) => s.waiting.length === 0 && s.on_site.length === 0);
    await holds.until((s) => s.holds.length === 0);
    for (const kind of ["visitor_held", "visitor_escalated"]) {
      const ended = await gw.officer.waitForEvent((e) => e.type === "alarm_state" && e.kind === kind && e.action === "returned");
      expect(ended).toMatchObject({ source: id, active: false });
    }
    const list = await gw.officer.request("visitor", { action: "list", date: "2026-11-23" });
    expect(list).toMatchObject({ data: { visitors: [{ visitor_id: id, status: "signed_out", signed_out_at: new Date(DAY_END).toISOString() }] } });
  });
});
