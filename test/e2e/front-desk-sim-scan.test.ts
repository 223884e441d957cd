import { describe, expect, it } from "vitest";
import { DeskScanPayload } from "../../src/bus/desk-topics.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { aamvaFixture } from "../helpers/desk-scanner.js";
import { watchState } from "../helpers/retained-watch.js";
import { bootDesk, deskModel } from "../helpers/visitor-desk.js";

/** The demo's simulated desk scanner (config/demo/devices.yaml). */
const SCANNER = "desk-id-scanner";

describe("the demo's simulated desk scanner", () => {
  const cleanups = cleanupsAfterEach();

  it("shows the desk the prefilled sign-in of a licence published to it, a clear error for a bad scan, and nothing to a viewer", async () => {
    const gw = await bootDesk(cleanups, { model: deskModel(cleanups) });
    const scans = await watchState(gw.desk, `desk/${SCANNER}`, DeskScanPayload);

    await gw.client.sim(SCANNER, { scan: aamvaFixture("v10-tx-dl.txt") });
    const scan = await scans.until((s) => s.result?.ok === true);
    expect(scan).toMatchObject({ scanner: SCANNER, result: { ok: true, prefill: { first_name: "DENISE", last_name: "WASHINGTON", jurisdiction: "TX" } } });

    await gw.client.sim(SCANNER, { scan: aamvaFixture("not-aamva.txt") });
    expect(await scans.until((s) => s.result?.ok === false)).toMatchObject({ result: { ok: false, reason: "not_aamva", message: expect.stringContaining("scan the large barcode") } });

    await gw.client.request("state", {});
    expect(gw.seenByViewer.filter((m) => m.topic.includes("/state/desk/") || m.text.includes("WASHINGTON"))).toEqual([]);
  });
});
