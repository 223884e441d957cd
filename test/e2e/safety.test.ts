import { describe, expect, it } from "vitest";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { doorById } from "../../src/core/state.js";
import type { SimDevice } from "../../src/drivers/sim/sim-device.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, connectAs, demoModel, demoModelWith } from "../helpers/demo-site.js";




describe("safety modes on the running gateway", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(site: ReturnType<typeof demoModel>) {
    const demo = await bootDemo(site.model);
    cleanups.push(demo.stop);
    return demo;
  }


  it("a panic held past its hold time locks down every door; the lockdown survives a restart", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const first = await boot(site);
    await first.client.sim("panic-office", { pressed: true });
    // The demo's panic button needs a 500 ms hold: the press alone changes nothing.
    expect(first.gateway.engine.current.safety.mode).toBe("normal");
    // A request round trip: the press has been taken by the time the answer comes.
    await first.client.request("state");
    expect(first.gateway.engine.current.safety.mode).toBe("normal");
    first.timers.advance(500);
    const panic = await first.client.waitForEvent((e) => e.type === "panic");
    expect(panic).toMatchObject({ device: "panic-office", location: "Front office", mode: "lockdown" });
    await first.client.waitForEvent((e) => e.type === "mode" && e.action === "raised");
    expect(Object.values(first.gateway.engine.current.doors).every((d) => d.locked)).toBe(true);
    expect((first.gateway.drivers.get("strobe-main") as SimDevice).isActive).toBe(true);

    // Staff may not badge in during lockdown; security may.
    await first.client.sim("rdr-east-ext", { badge: formatBadgeText(encodeBits("h10301", 123, 45678)) });
    const staff = await first.client.waitForEvent((e) => e.type === "access" && e.door === "east");
    expect(staff).toMatchObject({ result: "denied", reason: "mode_restricted" });
    await first.stop();

    const second = await boot(site);
    expect(second.gateway.engine.current.safety.mode).toBe("lockdown");
    const state = await second.client.request("state");
    expect(state).toMatchObject({ status: "ok", data: { summary: { mode: "lockdown", exterior_secure: true } } });
  });

  it("a lower mode and an unlock are refused while lockdown is on, and the administrator clears it", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await boot(site);
    const raised = await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    expect(raised).toMatchObject({ status: "ok", data: { mode: "lockdown" } });
    const drillEvent = await gw.client.waitForEvent((e) => e.type === "mode");
    expect(drillEvent).toMatchObject({ drill: true, by: "admin" });
    const lower = await gw.client.request("mode", { action: "raise", mode: "hold" });
    expect(lower).toMatchObject({ status: "error", error: { code: "lower_priority" } });
    const unlock = await gw.client.request("door", { door: "east", action: "unlock" });
    expect(unlock).toMatchObject({ status: "error", error: { code: "mode_locked" } });
    expect(doorById(site.model.core, gw.gateway.engine.current, "east")?.locked).toBe(true);
    const cleared = await gw.client.request("mode", { action: "clear" });
    expect(cleared).toMatchObject({ status: "ok", data: { mode: "normal" } });
    // Each command that changes something is in the audit trail, with who sent it and its outcome.
    const audited = await gw.client.waitForEvent((e) => e.type === "command" && e.error_code === "mode_locked");
    expect(audited).toMatchObject({ source: "local", name: "door", status: "error", actor: "demo" });
    const commands = gw.client.events.flatMap((e) => (e.type === "command" ? [[e.name, e.status, e.error_code]] : []));
    expect(commands.slice(0, 3)).toEqual([
      ["mode", "ok", null],
      ["mode", "error", "lower_priority"],
      ["door", "error", "mode_locked"],
    ]);
  });

  it("a monitor raising lockdown changes nothing, and the attempt is in the audit trail with who made it", async () => {
    const monitor = { username: "wall", password: "wall-secret" };
    const site = demoModelWith([{ ...monitor, role: "monitor" }]);
    cleanups.push(site.cleanup);
    const gw = await boot(site);
    const wall = await connectAs(cleanups, site.model, gw.gateway.port, monitor);
    const closed = new Promise<void>((resolve) => wall.mqtt.once("close", () => resolve()));
    const raise = JSON.stringify({ transaction: "w1", action: "raise", mode: "lockdown", reason: "testing the wall" });
    await wall.mqtt.publishAsync(wall.topics.request("mode"), raise).catch(() => undefined);
    await closed;
    const audited = await gw.client.waitForEvent((e) => e.type === "command" && e.actor === "wall");
    expect(audited).toMatchObject({ source: "local", name: "mode", transaction: "w1", status: "error", error_code: "not_permitted" });
    expect(JSON.stringify(audited)).not.toContain("testing the wall");
    expect(gw.gateway.engine.current.safety.mode).toBe("normal");
  });

  it("a fire alarm releases the egress doors (fail-safe maglocks) even in lockdown", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await boot(site);
    await gw.client.request("mode", { action: "raise", mode: "lockdown" });
    await gw.client.sim("fire-panel", { active: true });
    await gw.client.waitForEvent((e) => e.type === "alarm" && e.alarm === "fire" && e.active);
    expect(doorById(site.model.core, gw.gateway.engine.current, "gym")?.locked).toBe(false);
    expect(doorById(site.model.core, gw.gateway.engine.current, "main-inner")?.locked).toBe(false);
    expect(doorById(site.model.core, gw.gateway.engine.current, "east")?.locked).toBe(true);
  });

  it("a command during a drill carried no drill mark: every event of the drill, commands included, is marked", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await boot(site);
    await gw.client.request("mode", { action: "raise", mode: "hold", drill: true });
    const raised = await gw.client.waitForEvent((e) => e.type === "command" && e.name === "mode");
    await gw.client.request("door", { door: "gym", action: "momentary" });
    const door = await gw.client.waitForEvent((e) => e.type === "command" && e.name === "door");
    await gw.client.request("mode", { action: "clear" });
    const cleared = await gw.client.waitForEvent((e) => e.type === "command" && e.name === "mode" && e.seq > raised.seq);
    await gw.client.request("door", { door: "gym", action: "momentary" });
    const after = await gw.client.waitForEvent((e) => e.type === "command" && e.name === "door" && e.seq > cleared.seq);
    expect([raised.drill, door.drill, after.drill]).toEqual([true, true, undefined]);
  });
});

