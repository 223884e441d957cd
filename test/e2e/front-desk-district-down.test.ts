import { describe, expect, it } from "vitest";
import { DeskScanPayload } from "../../src/bus/desk-topics.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { DESK_SCANNER, deskHid, deskScannerDir, typeScan } from "../helpers/desk-scanner.js";
import { watchState } from "../helpers/retained-watch.js";
import { deskModelWithUplink, districtView, mosquittoDistrict } from "../helpers/desk-district.js";
import { bootDesk, signIn } from "../helpers/visitor-desk.js";
import { entry, snapshot } from "../screening/watch-entries.js";

/** The demo's pool card V-01 as the simulated reader takes it. */
const V01 = formatBadgeText(encodeBits("h10301", 200, 1));
/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;
const LISTED = entry("w-5", "Vernon", "Ashcombe", "1969-08-30");
/** Simulated time per real 20 ms while the district comes back: past the uplink's longest reconnect delay in a few steps. */
const RECONNECT_STEP_MS = 100;
/** Everything personal scanned (the Texas licence fixture) or typed at the desk below. */
const PERSONAL = /DENISE|WASHINGTON|1982-09-03|4025|Dana|Whitfield|1983-06-14|7731|Vernon|Ashcombe|1969-08-30|6612|Alvarez/i;

describe("the front desk while the district broker is down", () => {
  const cleanups = cleanupsAfterEach();

  it("signs in, opens doors, refuses a watch list hit and counts a roll call; the district gets the events and counts, no names, once back", async () => {
    const district = await mosquittoDistrict(cleanups);
    const { hid, scanner } = deskHid();
    const gw = await bootDesk(cleanups, { model: deskModelWithUplink(cleanups, district, deskScannerDir(cleanups)), hid });
    const prefix = gw.client.topics.prefix;
    const atDistrict = await districtView(cleanups, district, gw.model.site.id);
    await atDistrict.waitForState(`${prefix}/state/occupancy`, () => true);
    expect(await gw.client.request("watchlist", snapshot("v1", 1, 1, [LISTED]), WORKER_START_MS)).toMatchObject({ status: "ok" });
    await district.stop();
    const scans = await watchState(gw.desk, `desk/${DESK_SCANNER}`, DeskScanPayload);
    typeScan(scanner, gw.timers, "v10-tx-dl.txt");
    await scans.until((s) => s.result?.ok === true);

    const signed = (await gw.desk.request("visitor", signIn())) as { status: string; data: { visitor_id: string } };
    expect(signed).toMatchObject({ status: "ok", data: { status: "signed_in", pass: { card_label: "V-01" } } });
    const id = signed.data.visitor_id;
    await gw.client.sim("rdr-library", { badge: V01 });
    expect(await gw.client.waitForEvent((e) => e.type === "access" && e.door === "library")).toMatchObject({ result: "granted", holder: id });

    const held = (await gw.desk.request("visitor", signIn({ first_name: "Vernon", last_name: "Ashcombe", date_of_birth: "1969-08-30", id_last4: "6612" }))) as {
      data: { visitor_id: string; status: string };
    };
    expect(held.data.status).toBe("please_wait");
    const refused = await gw.officer.request("visitor", { action: "decide", visitor_id: held.data.visitor_id, decision: "confirm", note: "the listed person" });
    expect(refused).toMatchObject({ status: "ok", data: { status: "refused" } });
    await gw.client.waitForEvent((e) => e.type === "alarm_state" && e.kind === "watchlist_hit");

    await gw.officer.request("mode", { action: "raise", mode: "evacuate", reason: "fire alarm" });
    expect(await gw.officer.request("muster", { action: "start" })).toMatchObject({ status: "ok", data: { muster: { counts: { expected: 1 } } } });
    await gw.officer.request("muster", { action: "mark", people: [`visitor:${id}`], status: "accounted", point: "north-field" });
    const eventsWhileDown = atDistrict.events().length;

    await district.start();
    // The gateway runs on test timers: its reconnect waits for them to move, as a real clock would.
    const clock = setInterval(() => gw.timers.advance(RECONNECT_STEP_MS), 20);
    cleanups.push(() => clearInterval(clock));
    await atDistrict.waitForEvent((e) => e.type === "muster" && e.action === "marked");
    expect(atDistrict.events().length).toBeGreaterThan(eventsWhileDown);
    expect(await atDistrict.waitForEvent((e) => e.type === "visitor" && e.action === "signed_in" && e.visitor_id === id)).toMatchObject({ on_site: 1 });
    expect(await atDistrict.waitForEvent((e) => e.type === "access" && e.door === "library")).toMatchObject({ result: "granted", holder: id });
    expect(await atDistrict.waitForEvent((e) => e.type === "alarm_state" && e.kind === "watchlist_hit")).toMatchObject({ source: held.data.visitor_id });
    expect(await atDistrict.waitForEvent((e) => e.type === "muster" && e.action === "marked")).toMatchObject({ expected: 1, accounted: 1 });
    const occupancy = await atDistrict.waitForState(`${prefix}/state/occupancy`, (s) => (s.counts as { visitors: number }).visitors === 1);
    expect(occupancy).toMatchObject({ mode: "evacuate", counts: { visitors: 1, staff: 0, students: 0 } });

    expect(atDistrict.messages.filter((m) => /state\/(visitors|visitor_holds|desk|muster|occupancy\/people)/.test(m.topic))).toEqual([]);
    expect(atDistrict.messages.filter((m) => PERSONAL.test(m.text))).toEqual([]);
  }, 90_000);
});
