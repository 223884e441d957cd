import { describe, expect, it } from "vitest";
import { DeskScanPayload } from "../../src/bus/desk-topics.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { VisitorsStatePayload } from "../../src/visitors/visitor-schemas.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { DESK_SCANNER, deskHid, deskScannerDir, typeScan } from "../helpers/desk-scanner.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, deskModel, signIn } from "../helpers/visitor-desk.js";

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
    const scan = await scans.until((s) => s.result?.ok === true);
    if (scan.result?.ok !== true) throw new Error("the scan was refused");
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

  it("takes the scan off the broker once its person is signed in, and an unused scan after the keep time", async () => {
    const { hid, scanner } = deskHid();
    const gw = await bootDesk(cleanups, { model: deskModel(cleanups, deskScannerDir(cleanups)), hid });
    const scans = await watchState(gw.desk, `desk/${DESK_SCANNER}`, DeskScanPayload);
    typeScan(scanner, gw.timers, "v08-ca-dl.txt");
    const scan = await scans.until((s) => s.result?.ok === true);
    if (scan.result?.ok !== true) throw new Error("the scan was refused");
    const p = scan.result.prefill;
    // A sign-in of someone else leaves it; the desk corrects the scanned name to how the visitor writes it.
    await gw.desk.request("visitor", signIn({ destination: "office" }));
    await gw.desk.request("state");
    expect(scans.latest()?.result).toMatchObject({ ok: true });
    const fields = { date_of_birth: p.date_of_birth, id_type: p.id_type, id_last4: p.id_last4, destination: "office" };
    expect(await gw.desk.request("visitor", signIn({ ...fields, first_name: "Minh", last_name: "Nguyen" }))).toMatchObject({ status: "ok" });
    expect((await scans.until((s) => s.result === null)).scanner).toBe(DESK_SCANNER);
    // A retained null: a desk that connects now reads no scan.
    const late = await watchState(gw.desk, `desk/${DESK_SCANNER}`, DeskScanPayload);
    expect((await late.until(() => true)).result).toBeNull();

    typeScan(scanner, gw.timers, "v08-ca-dl.txt");
    await scans.until((s) => s.result?.ok === true);
    // The scan ended 300 ms into typeScan's 301: its keep time runs out 3 minutes after that.
    gw.timers.advance(3 * 60_000 - 2);
    await gw.desk.request("state");
    expect(scans.latest()?.result).toMatchObject({ ok: true });
    gw.timers.advance(1);
    await scans.until((s) => s.result === null);
    const text = JSON.stringify(scans.latest());
    expect(text).not.toMatch(/NGUYEN|1990-04-15/);
  });
});
