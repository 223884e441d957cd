import { describe, expect, it } from "vitest";
import { DeskScanPayload } from "../../src/bus/desk-topics.js";
import { MusterStatePayload } from "../../src/bus/muster-payloads.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { DESK_SCANNER, deskHid, deskScannerDir, typeScan } from "../helpers/desk-scanner.js";
import { capturedLog } from "../helpers/log-lines.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, deskModel } from "../helpers/visitor-desk.js";

/** The site's pool card V-01 as the simulated reader takes it. */
const V01 = formatBadgeText(encodeBits("h10301", 200, 1));
/** What the Texas licence fixture holds of its bearer: name, date of birth (both spellings), ID number and its last 4. */
const PERSONAL = /DENISE|RENEE|WASHINGTON|1982-09-03|09031982|37194025|4025|Hartfield/i;

describe("a visitor's personal data through the whole front desk", () => {
  const cleanups = cleanupsAfterEach();

  it("from the licence scan to the roll call, reaches neither a viewer subscribed to # nor a log line", async () => {
    const { log, lines } = capturedLog();
    const { hid, scanner } = deskHid();
    const gw = await bootDesk(cleanups, { model: deskModel(cleanups, deskScannerDir(cleanups)), hid, log });
    const scans = await watchState(gw.desk, `desk/${DESK_SCANNER}`, DeskScanPayload);
    const muster = await watchState(gw.officer, "muster", MusterStatePayload);

    typeScan(scanner, gw.timers, "v10-tx-dl.txt");
    const scan = await scans.until((s) => s.result?.ok === true);
    if (scan.result?.ok !== true) throw new Error("the scan was refused");
    const { first_name, last_name, date_of_birth, id_type, id_last4 } = scan.result.prefill;
    const answer = await gw.desk.request("visitor", {
      action: "sign_in",
      ...{ first_name, last_name, date_of_birth, id_type, id_last4 },
      host: "Mr. Hartfield",
      destination: "office",
      reason: "volunteer",
      escort_required: false,
      pass_kind: "card",
    });
    expect(answer).toMatchObject({ status: "ok", data: { status: "signed_in" } });
    const id = (answer as { data: { visitor_id: string } }).data.visitor_id;
    await gw.client.sim("rdr-office", { badge: V01 });
    await gw.client.waitForEvent((e) => e.type === "access" && e.door === "office" && e.holder === id);

    await gw.officer.request("mode", { action: "raise", mode: "evacuate", reason: "fire alarm" });
    await gw.officer.request("muster", { action: "start" });
    const live = await muster.until((s) => s.active && s.muster?.counts.expected === 1);
    // The officer's roll call names the visitor; no one else's view may.
    expect(JSON.stringify(live)).toMatch(/DENISE/);
    await gw.officer.request("muster", { action: "mark", people: [`visitor:${id}`], status: "accounted", point: "north-field" });
    await gw.officer.request("muster", { action: "end" });
    await gw.desk.request("visitor", { action: "sign_out", visitor_id: id });
    await gw.viewer.waitForEvent((e) => e.type === "visitor" && e.action === "signed_out");

    expect(gw.seenByViewer.some((m) => m.topic.endsWith("/event/muster"))).toBe(true);
    expect(gw.seenByViewer.filter((m) => PERSONAL.test(m.text))).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => PERSONAL.test(JSON.stringify(l)))).toEqual([]);
  });
});
