import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";
import { capturedLog } from "../helpers/log-lines.js";
import { entry, snapshot } from "./watch-entries.js";

describe("request/watchlist over the broker", () => {
  const cleanups = cleanupsAfterEach();

  it("takes a list from an administrator, answers with counts only, refuses a bad one, and keeps it across a restart", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const { log, lines } = capturedLog();
    const first = await bootDemo(site.model, undefined, log);
    cleanups.push(first.stop);

    expect(await first.client.request("watchlist", { kind: "status" })).toMatchObject({ status: "ok", data: { version: null, entries: 0 } });
    const applied = await first.client.request("watchlist", snapshot("v1", 1, 1, [entry("w-1", "Robert", "McAllister", "1978-04-09"), entry("w-2", "Ann", "Lee", "1970-01-01")]));
    expect(applied).toMatchObject({ status: "ok", data: { version: "v1", applied: true, entries: 2 } });
    expect(JSON.stringify(applied)).not.toMatch(/Robert|McAllister|1978/);

    const bad = await first.client.request("watchlist", { kind: "delta", version: "v2", base_version: "v1", upsert: [{ id: "w-3", given: "Ann" }] });
    expect(bad).toMatchObject({ status: "error", error: { code: "invalid_request" } });
    expect(await first.client.request("watchlist", { kind: "status" })).toMatchObject({ data: { version: "v1", entries: 2 } });
    await first.stop();

    const second = await bootDemo(site.model);
    cleanups.push(second.stop);
    expect(await second.client.request("watchlist", { kind: "status" })).toMatchObject({ status: "ok", data: { version: "v1", entries: 2 } });
    expect(JSON.stringify(lines)).not.toMatch(/Robert|McAllister|1978-04-09/);
  });
});
