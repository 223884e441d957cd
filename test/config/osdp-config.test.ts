import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { writeOsdpSite, type OsdpSiteReader } from "../helpers/osdp-gateway-site.js";
import { tempDir } from "../helpers/temp-dir.js";

const PORT = "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0";

describe("OSDP readers in the site configuration", () => {
  const cleanups = cleanupsAfterEach();
  const load = (a: OsdpSiteReader, b: OsdpSiteReader) => loadSite({ configDir: writeOsdpSite(tempDir(cleanups, "osdp-config-"), PORT, [a, b]) });

  it("compiles both readers onto one bus with their addresses, policies and the bus's timing", () => {
    const loaded = load({ id: "rdr-a", address: 0, secure: "required" }, { id: "rdr-b", address: 5, secure: "install" });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.model.devices.get("rdr-b")?.settings).toMatchObject({
      transport: "osdp",
      port: PORT,
      address: 5,
      secure: "install",
      baudRate: 9600,
      bus: { offlineAfterMs: 1000 },
    });
  });

  it("warns on a reader polled in clear", () => {
    const loaded = load({ id: "rdr-a", address: 0, secure: "required" }, { id: "rdr-b", address: 1, secure: "plaintext" });
    expect(loaded.ok).toBe(true);
    expect(loaded.warnings.map((w) => [w.path, w.message])).toEqual([["devices.1.osdp.secure", expect.stringContaining("without Secure Channel")]]);
  });

  it("refuses one address twice on a bus and two readers in install mode at once", () => {
    const twice = load({ id: "rdr-a", address: 3, secure: "required" }, { id: "rdr-b", address: 3, secure: "required" });
    expect(twice.problems.map((p) => p.message)).toEqual([`address 3 on ${PORT} is already reader "rdr-a"`]);
    const installs = load({ id: "rdr-a", address: 0, secure: "install" }, { id: "rdr-b", address: 1, secure: "install" });
    expect(installs.problems.map((p) => p.path)).toEqual(["devices.1.osdp.secure"]);
  });
});
