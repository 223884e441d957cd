import mqtt from "mqtt";
import { describe, expect, it } from "vitest";
import { StatusPayload } from "../../src/bus/topics.js";
import { type EventPayload } from "../../src/bus/event-payloads.js";
import { SiteClient } from "../../src/client/site-client.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { doorById } from "../../src/core/state.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway } from "../../src/main.js";
import Database from "better-sqlite3";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { demoAccount, demoModel } from "../helpers/demo-site.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { hardwareOn } from "../helpers/hardware.js";

const PAT = formatBadgeText(encodeBits("h10301", 123, 45678));
const UNKNOWN = formatBadgeText(encodeBits("h10301", 99, 1));

/** Read the retained status as a fresh subscriber sees it. */
async function retainedStatus(port: number, siteId: string): Promise<StatusPayload> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const got = new Promise<StatusPayload>((resolve) => {
      c.on("message", (_t, p, packet) => {
        if (packet.retain) resolve(StatusPayload.parse(JSON.parse(p.toString())));
      });
    });
    await c.subscribeAsync(`gatehouse/${siteId}/status`);
    return await got;
  } finally {
    await c.endAsync();
  }
}

describe("the demo gateway end to end", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(model = demoModel(), timers = new ManualTimers()) {
    const gateway = await startGateway({ model: model.model, log: silentLogger(), hardware: hardwareOn(timers) });
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : gateway.stop()));
    const client = await SiteClient.connect({
      url: `mqtt://127.0.0.1:${gateway.port}`,
      siteId: model.model.site.id,
      ...demoAccount(model.model),
    });
    cleanups.push(() => client.close());
    return { gateway, client, timers, model, stop: async () => ((stopped = true), await gateway.stop()) };
  }

  it("announces itself online, retained", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const { gateway } = await boot(site);
    const status = await retainedStatus(gateway.port, site.model.site.id);
    expect(status.state).toBe("online");
  });

  it("plays the demo: granted, denied, held open, forced, all stored before published", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const { client, timers } = await boot(site);
    const isAccess = (result: string) => (e: EventPayload) => e.type === "access" && e.result === result;

    await client.sim("rdr-main-outer-ext", { badge: PAT });
    const granted = await client.waitForEvent(isAccess("granted"));
    expect(granted).toMatchObject({ door: "main-outer", holder: "h-1001", role: "staff", reason: null });

    await client.sim("rdr-east-ext", { badge: UNKNOWN });
    const denied = await client.waitForEvent(isAccess("denied"));
    expect(denied).toMatchObject({ door: "east", reason: "unknown_credential", holder: null });

    await client.sim("rdr-gym-ext", { badge: formatBadgeText(encodeBits("h10304", 4242, 300001)) });
    await client.waitForEvent((e) => e.type === "access" && e.door === "gym");
    await client.sim("dc-gym", { open: true });
    await client.waitForEvent((e) => e.type === "door" && e.door === "gym" && e.action === "opened");
    timers.advance(5000);
    await client.waitForEvent((e) => e.type === "door" && e.action === "held_open");

    await client.sim("dc-library", { open: true });
    await client.waitForEvent((e) => e.type === "door" && e.action === "forced_open");

    const db = new Database(site.model.storagePath, { readonly: true });
    try {
      const rows = db.prepare("SELECT seq, id, type, body FROM events ORDER BY seq").all() as {
        seq: number;
        id: string;
        body: string;
      }[];
      for (const e of client.events) {
        expect(rows.find((r) => r.seq === e.seq)?.id).toBe(e.id);
      }
      const actions = rows.map((r) => JSON.parse(r.body) as EventPayload).map((e) => ("action" in e ? e.action : e.type));
      expect(actions).toEqual(expect.arrayContaining(["access", "opened", "held_open", "forced_open"]));
    } finally {
      db.close();
    }
  });

  it("relocks when the strike time runs out and publishes the door state", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const { gateway, client, timers } = await boot(site);
    await client.sim("rdr-office", { badge: PAT });
    await client.waitForEvent((e) => e.type === "access" && e.result === "granted");
    expect(doorById(site.model.core, gateway.engine.current, "office")?.locked).toBe(false);
    timers.advance(8000);
    expect(doorById(site.model.core, gateway.engine.current, "office")?.locked).toBe(true);
  });

  it("answers a malformed request with an error envelope and changes nothing", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const { gateway, client } = await boot(site);
    const before = gateway.engine.current;
    const answer = await client.request("events", { limit: "all" });
    expect(answer.status).toBe("error");
    expect(gateway.engine.current).toBe(before);
    const ok = await client.request("state");
    if (ok.status !== "ok") throw new Error(`request/state failed: ${ok.error.message}`);
    expect((ok.data as { doors: unknown[] }).doors).toHaveLength(6);
  });

  it("regression: a mistyped door or request name was refused without a hint of the right one", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const { gateway, client } = await boot(site);
    const before = gateway.engine.current;
    const door = await client.request("door", { door: "libary", action: "momentary" });
    expect(door).toMatchObject({ status: "error", error: { code: "unknown_door", message: 'no door "libary" (did you mean "library"?)' } });
    const name = await client.request("mod", { action: "raise", mode: "lockdown" });
    expect(name).toMatchObject({ status: "error", error: { code: "unknown_request", message: 'no request named mod (did you mean "mode"?)' } });
    expect(gateway.engine.current).toBe(before);
  });

  it("stops cleanly with offline retained, and a second start continues seq", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const first = await boot(site);
    await first.client.sim("rdr-east-ext", { badge: UNKNOWN });
    const e1 = await first.client.waitForEvent((e) => e.type === "access");
    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${first.gateway.port}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const offline = new Promise<StatusPayload>((resolve) =>
      watcher.on("message", (_t, p) => {
        const status = StatusPayload.parse(JSON.parse(p.toString()));
        if (status.state === "offline") resolve(status);
      }),
    );
    await watcher.subscribeAsync(`gatehouse/${site.model.site.id}/status`);
    await first.client.close();
    await first.stop();
    expect((await offline).state).toBe("offline");
    watcher.end(true);

    const second = await boot(site);
    await second.client.sim("rdr-east-ext", { badge: UNKNOWN });
    const e2 = await second.client.waitForEvent((e) => e.type === "access");
    expect(e2.seq).toBeGreaterThan(e1.seq);
    expect(e2.id).not.toBe(e1.id);
  });
});
