import { describe, expect, it } from "vitest";
import { DeskScanPayload } from "../../src/bus/desk-topics.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { VisitorsStatePayload } from "../../src/visitors/visitor-schemas.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { DESK_SCANNER, deskHid, deskScannerDir, typeScan } from "../helpers/desk-scanner.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, deskModel } from "../helpers/visitor-desk.js";

/** The site's pool card V-01 as the simulated reader takes it. */
const V01 = formatBadgeText(encodeBits("h10301", 200, 1));

describe("the front desk from a scanned licence to the doors and back out", () => {
  const cleanups = cleanupsAfterEach();

  it("prefills the sign-in from the scan, issues a pass card that opens the destination only, and shuts it at sign-out", async () => {
    const { hid, scanner } = deskHid();
    const gw = await bootDesk(cleanups, { model: deskModel(cleanups, deskScannerDir(cleanups)), hid });
    const scans = await watchState(gw.desk, `desk/${DESK_SCANNER}`, DeskScanPayload);
    const onSite = await watchState(gw.desk, "visitors", VisitorsStatePayload);

    typeScan(scanner, gw.timers, "v08-ca-dl.txt");
    const scan = await scans.until((s) => s.result.ok);
    if (!scan.result.ok) throw new Error("the scan was refused");
    const p = scan.result.prefill;
    expect(p).toMatchObject({ first_name: "MINH", last_name: "NGUYEN", date_of_birth: "1990-04-15", id_type: "driver_licence", id_last4: "9381" });

    const answer = await gw.desk.request("visitor", {
      action: "sign_in",
      first_name: p.first_name,
      last_name: p.last_name,
      date_of_birth: p.date_of_birth,
      id_type: p.id_type,
      id_last4: p.id_last4,
      host: "Ms. Alvarez",
      destination: "office",
      reason: "parent conference",
      escort_required: false,
      pass_kind: "card",
    });
    expect(answer).toMatchObject({ status: "ok", data: { status: "signed_in", pass: { kind: "card", card_label: "V-01" }, pass_refused: null } });
    const id = (answer as { data: { visitor_id: string } }).data.visitor_id;
    expect((await onSite.until((s) => s.on_site.length === 1)).on_site[0]).toMatchObject({ visitor_id: id, name: "MINH NGUYEN", destination: "office" });

    const access = (door: string, result: string) => gw.client.waitForEvent((e) => e.type === "access" && e.door === door && e.result === result);
    await gw.client.sim("rdr-office", { badge: V01 });
    expect(await access("office", "granted")).toMatchObject({ holder: id, role: "visitor" });
    await gw.client.sim("rdr-east-ext", { badge: V01 });
    expect(await access("east", "denied")).toMatchObject({ reason: "outside_pass", holder: id });

    expect(await gw.desk.request("visitor", { action: "sign_out", visitor_id: id })).toMatchObject({ status: "ok", data: { status: "signed_out" } });
    await onSite.until((s) => s.on_site.length === 0);
    await gw.client.sim("rdr-office", { badge: V01 });
    expect(await access("office", "denied")).toMatchObject({ reason: "unknown_credential", holder: null });
  });
});
