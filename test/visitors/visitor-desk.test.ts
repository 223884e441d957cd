import { describe, expect, it } from "vitest";
import { VisitorHoldsPayload, VisitorsStatePayload } from "../../src/visitors/visitor-schemas.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, signIn, visitorRows } from "../helpers/visitor-desk.js";
import { entry, snapshot } from "../screening/watch-entries.js";

/** A listed person whose name and date of birth the desk types for the held visitor below. */
const LISTED = entry("w-7", "Robert", "McAllister", "1978-04-09");
/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;
const HELD = signIn({ first_name: "Bob", last_name: "McAllister", date_of_birth: "1978-04-09", destination: "gym" });

describe("request/visitor on a running gateway", () => {
  const cleanups = cleanupsAfterEach();

  it("signs a visitor with no watch list match in, shows them on site to the desk, and signs them out", async () => {
    const gw = await bootDesk(cleanups);
    const onSite = await watchState(gw.desk, "visitors", VisitorsStatePayload);
    const rows = visitorRows(cleanups, gw.model.storagePath);

    const answer = await gw.desk.request("visitor", signIn());
    expect(answer).toMatchObject({ status: "ok", data: { status: "signed_in", pass: { kind: "card", card_label: "V-01", doors: ["main-inner", "library"] }, pass_refused: null } });
    const id = (answer as { data: { visitor_id: string } }).data.visitor_id;
    const state = await onSite.until((s) => s.on_site.length === 1);
    expect(state.on_site[0]).toMatchObject({ visitor_id: id, name: "Dana Whitfield", destination: "library", host: "Ms. Alvarez", pass: { card_label: "V-01" } });
    expect(await gw.desk.waitForEvent((e) => e.type === "visitor" && e.action === "signed_in")).toMatchObject({
      visitor_id: id,
      destination: "library",
      by: "front_desk",
      on_site: 1,
    });
    expect(rows()).toMatchObject([{ id, first_name: "Dana", date_of_birth: "1983-06-14", id_last4: "7731", status: "signed_in" }]);

    const list = await gw.desk.request("visitor", { action: "list" });
    expect(list).toMatchObject({ status: "ok", data: { visitors: [{ visitor_id: id, status: "signed_in" }] } });

    expect(await gw.desk.request("visitor", { action: "sign_out", visitor_id: id })).toMatchObject({ status: "ok", data: { status: "signed_out" } });
    await onSite.until((s) => s.on_site.length === 0);
    expect(await gw.desk.waitForEvent((e) => e.type === "visitor" && e.action === "signed_out")).toMatchObject({ visitor_id: id, on_site: 0 });
    const again = await gw.desk.request("visitor", { action: "sign_out", visitor_id: id });
    expect(again).toMatchObject({ status: "error", error: { code: "not_on_site" } });
    expect(rows()[0]).toMatchObject({ status: "signed_out" });
    const day = await gw.desk.request("visitor", { action: "list", date: "2026-11-23" });
    expect(day).toMatchObject({ data: { visitors: [{ visitor_id: id, status: "signed_out" }] } });
  });

  it("holds a possible match: the desk reads only please_wait, the officer sees the match and clears the visitor", async () => {
    const gw = await bootDesk(cleanups);
    await gw.client.request("watchlist", snapshot("v1", 1, 1, [LISTED]), WORKER_START_MS);
    const deskView = await watchState(gw.desk, "visitors", VisitorsStatePayload);
    const holds = await watchState(gw.officer, "visitor_holds", VisitorHoldsPayload);

    const answer = await gw.desk.request("visitor", HELD);
    expect(answer).toEqual({ status: "ok", data: { visitor_id: expect.any(String), status: "please_wait" }, transaction: expect.any(String) });
    const id = (answer as { data: { visitor_id: string } }).data.visitor_id;
    const hold = await holds.until((s) => s.holds.length === 1);
    expect(hold.holds[0]).toMatchObject({ visitor_id: id, first_name: "Bob", escalated: false, matches: [{ entry: "w-7", category: "trespass_order" }] });
    await deskView.until((s) => s.waiting.length === 1 && s.on_site.length === 0);
    const deskList = JSON.stringify(await gw.desk.request("visitor", { action: "list" }));
    expect(deskList).toContain("please_wait");
    expect(deskList).not.toMatch(/w-7|trespass|matches|held/);
    const officerList = await gw.officer.request("visitor", { action: "list" });
    expect(officerList).toMatchObject({ data: { visitors: [{ visitor_id: id, status: "held", matches: [{ entry: "w-7" }] }] } });
    const raised = await gw.officer.waitForEvent((e) => e.type === "alarm_state" && e.kind === "visitor_held");
    expect(raised).toMatchObject({ action: "raised", source: id, priority: "medium" });

    const byDesk = await gw.desk.request("visitor", { action: "decide", visitor_id: id, decision: "clear", note: "not the listed person" });
    expect(byDesk).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    const byOfficerSignIn = await gw.officer.request("visitor", signIn());
    expect(byOfficerSignIn).toMatchObject({ status: "error", error: { code: "not_permitted" } });

    const cleared = await gw.officer.request("visitor", { action: "decide", visitor_id: id, decision: "clear", note: "ID photo differs" });
    expect(cleared).toMatchObject({ status: "ok", data: { visitor_id: id, status: "signed_in", pass: { kind: "card", doors: ["main-inner", "gym"] } } });
    await deskView.until((s) => s.waiting.length === 0 && s.on_site.length === 1);
    await holds.until((s) => s.holds.length === 0);
    expect(await gw.officer.waitForEvent((e) => e.type === "visitor" && e.action === "decided")).toMatchObject({ visitor_id: id, decision: "clear", by: "officer" });
    expect(await gw.officer.waitForEvent((e) => e.type === "alarm_state" && e.kind === "visitor_held" && e.action === "returned")).toMatchObject({ source: id });
    const audit = await gw.officer.waitForEvent((e) => e.type === "command" && e.name === "visitor" && e.actor === "officer" && e.status === "ok");
    expect(audit).toMatchObject({ source: "local" });
  });

  it("a confirmed match refuses the visitor and raises a watch list alarm; an escalation raises the hold's priority", async () => {
    const gw = await bootDesk(cleanups);
    await gw.client.request("watchlist", snapshot("v1", 1, 1, [LISTED]), WORKER_START_MS);
    const rows = visitorRows(cleanups, gw.model.storagePath);
    const first = (await gw.desk.request("visitor", HELD)) as { data: { visitor_id: string } };
    const id = first.data.visitor_id;

    const escalated = await gw.officer.request("visitor", { action: "decide", visitor_id: id, decision: "escalate", note: "not sure" });
    expect(escalated).toMatchObject({ status: "ok", data: { status: "held" } });
    const critical = await gw.officer.waitForEvent((e) => e.type === "alarm_state" && e.kind === "visitor_escalated");
    expect(critical).toMatchObject({ action: "raised", priority: "critical", source: id });

    const confirmed = await gw.client.request("visitor", { action: "decide", visitor_id: id, decision: "confirm", note: "matches the order" });
    expect(confirmed).toMatchObject({ status: "ok", data: { visitor_id: id, status: "refused" } });
    expect(await gw.officer.waitForEvent((e) => e.type === "visitor" && e.action === "refused")).toMatchObject({ visitor_id: id, on_site: 0 });
    const hit = await gw.officer.waitForEvent((e) => e.type === "alarm_state" && e.kind === "watchlist_hit");
    expect(hit).toMatchObject({ action: "raised", priority: "critical", source: id, state: "active_unacked" });
    expect(rows()).toMatchObject([{ id, status: "refused", decision: "confirm", decided_by: "demo", decision_note: "matches the order" }]);
    const deskList = await gw.desk.request("visitor", { action: "list" });
    expect(deskList).toMatchObject({ data: { visitors: [] } });
    const again = await gw.officer.request("visitor", { action: "decide", visitor_id: id, decision: "clear", note: "late" });
    expect(again).toMatchObject({ status: "error", error: { code: "not_held" } });
  });

  it("refuses bad sign-ins with the fields at fault, and stores nothing", async () => {
    const gw = await bootDesk(cleanups);
    const rows = visitorRows(cleanups, gw.model.storagePath);
    const cases: [Record<string, unknown>, RegExp][] = [
      [signIn({ first_name: "" }), /first_name/],
      [signIn({ date_of_birth: "14/06/1983", id_last4: "77" }), /date_of_birth.*id_last4/],
      [signIn({ destination: "boiler_room" }), /destination/],
      [signIn({ pass_kind: "badge", shoe_size: 9 }), /pass_kind|shoe_size/],
      [{ action: "decide", visitor_id: "not-a-uuid", decision: "maybe" }, /visitor_id.*decision.*note|visitor_id/],
      [{ action: "teleport" }, /action/],
    ];
    for (const [body, fields] of cases) {
      const answer = (await gw.desk.request("visitor", body)) as { status: string; error: { code: string; message: string } };
      expect([body, answer.status, answer.error.code]).toEqual([body, "error", "invalid_request"]);
      expect(answer.error.message).toMatch(fields);
    }
    expect(rows()).toEqual([]);
    expect(gw.desk.events.filter((e) => e.type === "visitor")).toEqual([]);
  });
});
