import { describe, expect, it } from "vitest";
import { AlarmsStatePayload } from "../../src/bus/alarm-payloads.js";
import { VisitorHoldsPayload, VisitorsStatePayload } from "../../src/visitors/visitor-schemas.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { deskModelWithUplink, districtView, mosquittoDistrict } from "../helpers/desk-district.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, signIn } from "../helpers/visitor-desk.js";
import { entry, snapshot } from "../screening/watch-entries.js";

/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;
const LISTED = entry("w-3", "Gerald", "Pemberton", "1971-02-19");
/** The desk types the listed person's name and date of birth. */
const HELD = signIn({ first_name: "Gerald", last_name: "Pemberton", date_of_birth: "1971-02-19", id_last4: "5520", destination: "library" });

describe("a watch list hit at the front desk", () => {
  const cleanups = cleanupsAfterEach();

  async function heldVisitor() {
    const district = await mosquittoDistrict(cleanups);
    const gw = await bootDesk(cleanups, { model: deskModelWithUplink(cleanups, district) });
    const atDistrict = await districtView(cleanups, district, gw.model.site.id);
    expect(await gw.client.request("watchlist", snapshot("v1", 1, 1, [LISTED]), WORKER_START_MS)).toMatchObject({ status: "ok" });
    const deskView = await watchState(gw.desk, "visitors", VisitorsStatePayload);
    const holds = await watchState(gw.officer, "visitor_holds", VisitorHoldsPayload);
    const answer = await gw.desk.request("visitor", HELD);
    expect(answer).toEqual({ status: "ok", data: { visitor_id: expect.any(String), status: "please_wait" }, transaction: expect.any(String) });
    const id = (answer as { data: { visitor_id: string } }).data.visitor_id;
    const desk = await deskView.until((s) => s.waiting.length === 1);
    expect(desk.on_site).toEqual([]);
    expect(JSON.stringify(desk)).not.toMatch(/w-3|trespass|matches/);
    await holds.until((s) => s.holds.some((h) => h.visitor_id === id));
    return { gw, atDistrict, id, deskView };
  }

  it("cleared by an officer: signed in with a pass the desk then sees", async () => {
    const { gw, id, deskView } = await heldVisitor();
    const cleared = await gw.officer.request("visitor", { action: "decide", visitor_id: id, decision: "clear", note: "a different person" });
    expect(cleared).toMatchObject({ status: "ok", data: { visitor_id: id, status: "signed_in", pass: { kind: "card", card_label: "V-01" } } });
    const desk = await deskView.until((s) => s.waiting.length === 0 && s.on_site.length === 1);
    expect(desk.on_site[0]).toMatchObject({ visitor_id: id, pass: { card_label: "V-01" } });
  });

  it("confirmed by an officer: refused, a watchlist_hit alarm on state/alarms, and at the district", async () => {
    const { gw, atDistrict, id, deskView } = await heldVisitor();
    const alarms = await watchState(gw.viewer, "alarms", AlarmsStatePayload);
    const confirmed = await gw.officer.request("visitor", { action: "decide", visitor_id: id, decision: "confirm", note: "the listed person" });
    expect(confirmed).toMatchObject({ status: "ok", data: { visitor_id: id, status: "refused" } });
    await deskView.until((s) => s.waiting.length === 0 && s.on_site.length === 0);
    const open = await alarms.until((s) => s.alarms.some((a) => a.kind === "watchlist_hit"));
    expect(open.alarms.find((a) => a.kind === "watchlist_hit")).toMatchObject({ source: id, priority: "critical" });

    const hit = await atDistrict.waitForEvent((e) => e.type === "alarm_state" && e.kind === "watchlist_hit");
    expect(hit).toMatchObject({ action: "raised", source: id, priority: "critical" });
    await atDistrict.waitForState(`${gw.client.topics.prefix}/state/alarms`, (s) => JSON.stringify(s).includes("watchlist_hit"));
    expect(await atDistrict.waitForEvent((e) => e.type === "visitor" && e.action === "refused")).toMatchObject({ visitor_id: id });
    const seen = atDistrict.messages.map((m) => m.text).join("\n");
    expect(seen).not.toMatch(/Gerald|Pemberton|1971-02-19|5520/i);
  });
});
