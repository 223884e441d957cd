import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";

const cleanups = cleanupsAfterEach();

describe("the console as a part of the gateway", () => {
  it("serves the demo's console at the address it reports", async () => {
    const demo = demoModel("config/demo", { console: true });
    cleanups.push(demo.cleanup);
    const running = await bootDemo(demo.model);
    cleanups.push(() => running.stop());
    expect(running.gateway.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(running.gateway.consoleUrl ?? "");
    expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
  });

  it("keeps the gateway running when the console's port is taken", async () => {
    const squatter = createServer();
    squatter.listen(0, "127.0.0.1");
    await once(squatter, "listening");
    cleanups.push(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
    const demo = demoModel("config/demo", { console: true });
    cleanups.push(demo.cleanup);
    const base = demo.model.console;
    if (base === undefined || base === null) throw new Error("the demo has no console");
    const running = await bootDemo({ ...demo.model, console: { ...base, port: (squatter.address() as AddressInfo).port } });
    cleanups.push(() => running.stop());
    expect(running.gateway.consoleUrl).toBeNull();
    expect((await running.client.request("state")).status).toBe("ok");
  });
});
