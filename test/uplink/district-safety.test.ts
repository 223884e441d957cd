import { describe, expect, it, vi } from "vitest";
import { SiteClient } from "../../src/client/site-client.js";
import { doorById } from "../../src/core/state.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway } from "../../src/main.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { demoModel } from "../helpers/demo-site.js";
import { startAedesDistrict } from "../helpers/district-broker.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { hardwareOn } from "../helpers/hardware.js";
import { testUplinkModel } from "../helpers/uplink-harness.js";

describe("safety commands from the district", () => {
  const cleanups = cleanupsAfterEach();

  it("a lockdown raised by the district reaches every door; the district may not unlock in lockdown, and clears it", async () => {
    const district = await startAedesDistrict();
    cleanups.push(() => district.dispose());
    const site = demoModel();
    cleanups.push(site.cleanup);
    const timers = new ManualTimers(Date.parse("2026-11-23T13:45:00Z"));
    const gateway = await startGateway({ model: { ...site.model, uplink: testUplinkModel(district.url) }, log: silentLogger(), hardware: hardwareOn(timers) });
    cleanups.push(() => gateway.stop());
    const center = await SiteClient.connect({ url: district.url, siteId: site.model.site.id });
    cleanups.push(() => center.close());
    // 07:45 in Chicago: the main outer door stands unlocked for morning entry.
    await vi.waitFor(async () => expect(await center.request("state", {}, 2000)).toMatchObject({ status: "ok" }), 10_000);
    expect(doorById(site.model.core, gateway.engine.current, "main-outer")?.locked).toBe(false);

    const raised = await center.request("mode", { action: "raise", mode: "lockdown", reason: "threat reported" });
    expect(raised).toMatchObject({ status: "ok", data: { mode: "lockdown" } });
    for (const door of site.model.core.doors.values()) {
      expect(gateway.engine.current.doors[door.index]?.locked, door.id).toBe(true);
    }
    const mode = await center.waitForEvent((e) => e.type === "mode");
    expect(mode).toMatchObject({ action: "raised", by: "district", drill: false, reason: "threat reported" });

    const unlock = await center.request("door", { door: "main-outer", action: "momentary" });
    expect(unlock).toMatchObject({ status: "error", error: { code: "mode_locked" } });
    expect(doorById(site.model.core, gateway.engine.current, "main-outer")?.locked).toBe(true);

    const cleared = await center.request("mode", { action: "clear", reason: "all clear" });
    expect(cleared).toMatchObject({ status: "ok", data: { mode: "normal" } });
    // Back to its rules: the morning-entry schedule unlocks the front door again.
    expect(doorById(site.model.core, gateway.engine.current, "main-outer")?.locked).toBe(false);
  });
});
