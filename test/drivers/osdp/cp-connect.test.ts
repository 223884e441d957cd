import { describe, expect, it } from "vitest";
import { cpSite, sim } from "../../helpers/osdp-cp-site.js";

describe("OSDP control panel: connecting a reader", () => {
  it("goes ID, CAP, handshake, then polls under Secure Channel", () => {
    const site = cpSite([{ address: 1 }]);
    site.bus.start();
    site.timers.advance(1000);
    expect(site.of("online", 1)).toEqual([{ type: "online", address: 1, secure: true, keyType: "scbk" }]);
    expect(sim(site, 1).commands.slice(0, 5)).toEqual([0x61, 0x62, 0x76, 0x77, 0x60]);
    expect(site.bus.state(1)).toBe("online");
    site.bus.stop();
  });
});
