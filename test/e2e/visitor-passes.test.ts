import { describe, expect, it } from "vitest";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { openDatabase } from "../../src/store/database.js";
import { KeyValue } from "../../src/store/kv.js";
import { silentLogger } from "../../src/util/log.js";
import type { VisitorPasses } from "../../src/visitors/ports.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel, SCHOOL_HOURS } from "../helpers/demo-site.js";
import { visitorDemoDir } from "../helpers/visitor-site.js";

/** The demo's pool card V-01 as the simulated reader takes it. */
const V01 = formatBadgeText(encodeBits("h10301", 200, 1));

describe("visitor passes at the doors, end to end", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(before: (storagePath: string) => void = () => undefined) {
    const site = demoModel(visitorDemoDir(cleanups));
    cleanups.push(site.cleanup);
    before(site.model.storagePath);
    const demo = await bootDemo(site.model);
    cleanups.push(() => demo.stop());
    const passes: VisitorPasses | null = demo.gateway.passes;
    if (passes === null) throw new Error("the gateway started no visitor passes");
    return { ...demo, passes };
  }

  it("opens the destination's doors to a pool card, refuses others with outside_pass, and all once it expired with pass_expired", async () => {
    const { client, passes, timers } = await boot();
    const expires_at = new Date(SCHOOL_HOURS + 60_000).toISOString();
    expect(passes.issue({ visitor_id: "visit-1", destination: "office", kind: "card", expires_at })).toMatchObject({ card_label: "V-01", expires_at });
    const access = (door: string, result: string) => client.waitForEvent((e) => e.type === "access" && e.door === door && e.result === result);

    await client.sim("rdr-office", { badge: V01 });
    expect(await access("office", "granted")).toMatchObject({ reason: null, holder: "visit-1", role: "visitor" });
    await client.sim("rdr-east-ext", { badge: V01 });
    expect(await access("east", "denied")).toMatchObject({ reason: "outside_pass", holder: "visit-1" });

    timers.advance(60_000);
    await client.sim("rdr-main-inner-ext", { badge: V01 });
    expect(await access("main-inner", "denied")).toMatchObject({ reason: "pass_expired" });

    passes.revoke("visit-1");
    await client.sim("rdr-office", { badge: V01 });
    expect(await access("office", "denied")).toMatchObject({ reason: "unknown_credential", holder: null });
  });

  it("opens the library to a printed pass's code typed by a 2D reader, and nothing else", async () => {
    const { client, passes } = await boot();
    const pass = passes.issue({ visitor_id: "visit-2", destination: "library", kind: "printed", expires_at: "2026-11-24T02:00:00Z" });
    if ("refused" in pass || pass.qr === null) throw new Error("no printed pass");
    await client.sim("rdr-library", { digits: pass.qr });
    expect(await client.waitForEvent((e) => e.type === "access" && e.door === "library")).toMatchObject({ result: "granted", holder: "visit-2" });
    await client.sim("rdr-gym-ext", { digits: pass.qr });
    expect(await client.waitForEvent((e) => e.type === "access" && e.door === "gym")).toMatchObject({ result: "denied", reason: "outside_pass" });
  });

  it("answers request/pass for a visitor the register does not know with not_found", async () => {
    const { client } = await boot();
    const answer = await client.request("pass", { action: "print", visitor_id: "visit-9" });
    expect(answer).toMatchObject({ status: "error", error: { code: "not_found" } });
  });

  it("serves the doors and issues passes again when the stored passes cannot be read", async () => {
    const { client, passes } = await boot((path) => {
      const db = openDatabase(path, silentLogger());
      new KeyValue(db).set("visitors.passes", [{ visitor_id: 7 }], SCHOOL_HOURS);
      db.close();
    });
    expect(passes.issue({ visitor_id: "visit-3", destination: "office", kind: "card", expires_at: "2026-11-24T02:00:00Z" })).toMatchObject({ card_label: "V-01" });
    await client.sim("rdr-office", { badge: V01 });
    expect(await client.waitForEvent((e) => e.type === "access" && e.door === "office")).toMatchObject({ result: "granted", holder: "visit-3" });
  });
});
