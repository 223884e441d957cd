import { join } from "node:path";
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

  it("refuses a bus rate OSDP does not have", () => {
    const readers: [OsdpSiteReader, OsdpSiteReader] = [{ id: "rdr-a", address: 0, secure: "required" }, { id: "rdr-b", address: 1, secure: "required" }];
    const loaded = loadSite({ configDir: writeOsdpSite(tempDir(cleanups, "osdp-rate-"), PORT, readers, false, { baud_rate: 9601 }) });
    expect(loaded.problems.map((p) => [p.path, p.message])).toEqual([["osdp.buses.0.baud_rate", "must be an OSDP rate: 9600, 19200, 38400, 57600, 115200, 230400, got 9601"]]);
  });

  it("warns on a bus capture, resolves its file against the data directory, and refuses one outside it", () => {
    const dir = tempDir(cleanups, "osdp-capture-config-");
    const readers: [OsdpSiteReader, OsdpSiteReader] = [{ id: "rdr-a", address: 0, secure: "required" }, { id: "rdr-b", address: 1, secure: "required" }];
    const configDir = writeOsdpSite(dir, PORT, readers, false, { capture: "traces/bus.osdpcap" });
    const loaded = loadSite({ configDir, dataDir: dir });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.warnings.map((w) => [w.path, w.message])).toEqual([["osdp.buses.0.capture", expect.stringContaining("card numbers of any plaintext reader in clear")]]);
    expect(loaded.model.devices.get("rdr-b")?.settings).toMatchObject({ capture: { path: join(dir, "traces/bus.osdpcap"), maxBytes: 16 * 1024 * 1024 } });
    expect(loaded.model.devices.get("rdr-a")?.settings).toMatchObject({ capture: { path: join(dir, "traces/bus.osdpcap") } });

    const small = loadSite({ configDir: writeOsdpSite(dir, PORT, readers, false, { capture: "bus.osdpcap", capture_max_bytes: 65536 }), dataDir: dir });
    expect(small.ok && small.model.devices.get("rdr-a")?.settings).toMatchObject({ capture: { maxBytes: 65536 } });
    const outside = loadSite({ configDir: writeOsdpSite(dir, PORT, readers, false, { capture: "../bus.osdpcap" }), dataDir: dir });
    expect(outside.problems.map((p) => [p.path, p.message])).toEqual([["osdp.buses.0.capture", expect.stringContaining("is outside the data directory")]]);
  });
});
