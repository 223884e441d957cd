import { describe, expect, it } from "vitest";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { startHints } from "../../src/runtime/start-hints.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { demoModel } from "../helpers/demo-site.js";

describe("the hints of the 'gateway online' line", () => {
  const cleanups = cleanupsAfterEach();
  const demo = (): RuntimeModel => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    return site.model;
  };

  it("tells the demo how to watch anonymously and to drive it with npm run demo", () => {
    expect(startHints(demo(), 1883)).toEqual({ watch: "mosquitto_sub -h 127.0.0.1 -p 1883 -t 'gatehouse/#' -v", drive: "npm run demo" });
  });

  it("gives another site with simulated devices a watch with a login where anonymous clients are denied, and its own sim topic", () => {
    const model = demo();
    const other: RuntimeModel = { ...model, site: { ...model.site, id: "washington-ms" }, broker: { ...model.broker, anonymous: "deny" } };
    expect(startHints(other, 28830)).toEqual({
      watch: "mosquitto_sub -h 127.0.0.1 -p 28830 -u <user> -P <password> -t 'gatehouse/#' -v",
      drive: expect.stringContaining("-t 'gatehouse/washington-ms/sim/<device_id>'"),
    });
  });

  it("gives none to a site without simulated devices", () => {
    const model = demo();
    const real: RuntimeModel = { ...model, devices: new Map([...model.devices].filter(([, d]) => d.settings.transport !== "sim")) };
    expect(startHints(real, 1883)).toEqual({});
  });
});
