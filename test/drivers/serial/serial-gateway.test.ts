import { closeSync, openSync, writeSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SiteClient } from "../../../src/client/site-client.js";
import { loadSite } from "../../../src/config/load-site.js";
import { silentLogger } from "../../../src/util/log.js";
import { startGateway } from "../../../src/main.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { PtyPair } from "../../helpers/serial-pty.js";
import { writeSerialSite } from "../../helpers/serial-site.js";
import { tempDir } from "../../helpers/temp-dir.js";

describe("the gateway with a serial reader on a pty", () => {
  const cleanups = cleanupsAfterEach();

  it("publishes the access a badge on the serial reader decides, and the reader's offline and online", async () => {
    const dir = tempDir(cleanups, "gatehouse-serial-e2e-");
    const pty = new PtyPair(dir);
    await pty.start();
    cleanups.push(() => pty.stop());
    const loaded = loadSite({ configDir: writeSerialSite(dir, pty.gw) });
    if (!loaded.ok) throw new Error(`site invalid: ${JSON.stringify(loaded.problems)}`);

    const gateway = await startGateway({ model: loaded.model, log: silentLogger() });
    cleanups.push(() => gateway.stop());
    const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gateway.port}`, siteId: "serial-school" });
    cleanups.push(() => client.close());
    expect(gateway.drivers.get("rdr-front")?.device.model.model).toBe("generic/wiegand-serial-text");

    const fd = openSync(pty.dev, "w");
    try {
      writeSync(fd, "26:2F7");
      writeSync(fd, "64DD\r\n");
    } finally {
      closeSync(fd);
    }
    const granted = await client.waitForEvent((e) => e.type === "access");
    expect(granted).toMatchObject({ type: "access", door: "front", result: "granted", holder: "h-1" });

    await pty.stop();
    await client.waitForEvent((e) => e.type === "device" && e.device === "rdr-front" && e.status === "offline");
    await pty.start();
    await client.waitForEvent((e) => e.type === "device" && e.device === "rdr-front" && e.status === "online");
    expect(gateway.drivers.get("rdr-front")?.counters).toMatchObject({ framesOk: 1, framesBad: 0, reconnects: 1 });
  });
});
