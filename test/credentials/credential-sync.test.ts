import { describe, expect, it } from "vitest";
import { SiteClient } from "../../src/client/site-client.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";

/** A district holder with one H10301 badge at facility 200. */
const holder = (id: string, number: number, groups = ["staff-entry"]) => ({
  id,
  role: "staff",
  access_groups: groups,
  badges: [{ format: "h10301", facility: 200, number }],
});
const badge = (number: number) => formatBadgeText(encodeBits("h10301", 200, number));

describe("district credential sync", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(site: ReturnType<typeof demoModel>) {
    const demo = await bootDemo(site.model);
    return demo;
  }


  async function badgeAt(client: SiteClient, number: number): Promise<string | null> {
    const mark = client.events.length;
    await client.sim("rdr-east-ext", { badge: badge(number) });
    const e = await client.waitForEvent((x) => client.events.indexOf(x) >= mark && x.type === "access");
    return e.type === "access" ? e.reason : "no access event";
  }

  it("uses a snapshot only once every part is in, keeps it across a restart, and applies deltas on it", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const first = await boot(site);
    cleanups.push(first.stop);
    expect(await badgeAt(first.client, 1)).toBe("unknown_credential");

    const part1 = await first.client.request("credentials", { kind: "snapshot", version: "v1", part: 1, parts: 2, holders: [holder("d-1", 1)] });
    expect(part1).toMatchObject({ status: "ok", data: { applied: false, received: 1 } });
    expect(await badgeAt(first.client, 1)).toBe("unknown_credential");

    const part2 = await first.client.request("credentials", { kind: "snapshot", version: "v1", part: 2, parts: 2, holders: [holder("d-2", 2)] });
    expect(part2).toMatchObject({ status: "ok", data: { applied: true, holders: 2 } });
    expect(await badgeAt(first.client, 1)).toBeNull();
    expect(await badgeAt(first.client, 2)).toBeNull();
    await first.stop();

    const second = await boot(site);
    cleanups.push(second.stop);
    expect(await badgeAt(second.client, 2)).toBeNull();
    const stale = await second.client.request("credentials", { kind: "delta", version: "v3", base_version: "v0", remove: ["d-2"] });
    expect(stale).toMatchObject({ status: "error", error: { code: "version_mismatch" } });
    const delta = await second.client.request("credentials", {
      kind: "delta",
      version: "v2",
      base_version: "v1",
      upsert: [holder("d-3", 3)],
      remove: ["d-2"],
    });
    expect(delta).toMatchObject({ status: "ok", data: { applied: true, holders: 2 } });
    expect(await badgeAt(second.client, 2)).toBe("unknown_credential");
    expect(await badgeAt(second.client, 3)).toBeNull();
    // The demo's own cardholders still open doors alongside the district list.
    const mark = second.client.events.length;
    await second.client.sim("rdr-east-ext", { badge: formatBadgeText(encodeBits("h10301", 123, 45678)) });
    const local = await second.client.waitForEvent((x) => second.client.events.indexOf(x) >= mark && x.type === "access");
    expect(local).toMatchObject({ result: "granted", holder: "h-1001" });
  });

  it("refuses a list that gives one badge to two holders, or names an unknown group, and keeps the old one", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await boot(site);
    cleanups.push(gw.stop);
    await gw.client.request("credentials", { kind: "snapshot", version: "a", part: 1, parts: 1, holders: [holder("d-1", 1)] });
    const clash = await gw.client.request("credentials", {
      kind: "snapshot",
      version: "b",
      part: 1,
      parts: 1,
      holders: [holder("d-5", 5), holder("d-6", 5)],
    });
    expect(clash).toMatchObject({ status: "error", error: { code: "invalid_credentials" } });
    const group = await gw.client.request("credentials", {
      kind: "snapshot",
      version: "c",
      part: 1,
      parts: 1,
      holders: [holder("d-7", 7, ["no-such-group"])],
    });
    expect(group).toMatchObject({ status: "error", error: { code: "invalid_request" } });
    const malformed = await gw.client.request("credentials", { kind: "snapshot", version: "d", part: 1, parts: 1, holders: [{ id: "x" }] });
    expect(malformed).toMatchObject({ status: "error", error: { code: "invalid_request" } });
    expect(await badgeAt(gw.client, 1)).toBeNull();
    expect(await badgeAt(gw.client, 5)).toBe("unknown_credential");
    expect(await gw.client.request("credentials", { kind: "status" })).toMatchObject({ status: "ok", data: { version: "a", holders: 1 } });
  });
});
