import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { SiteClient } from "../../src/client/site-client.js";
import { ASYNC_VERIFY_BYTES } from "../../src/bus/signed-command.js";
import type { EventPayload } from "../../src/bus/event-payloads.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway } from "../../src/main.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { demoModel } from "../helpers/demo-site.js";
import { startMosquittoDistrict } from "../helpers/district-broker.js";
import { operatorKey, signedPolicy, signedRequest } from "../helpers/district-keys.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { hardwareOn } from "../helpers/hardware.js";
import { testUplinkModel } from "../helpers/uplink-harness.js";

const WINDOW_MS = 120_000;
const dispatch = operatorKey("dispatch-1", "dispatcher");
const idm = operatorKey("idm-1", "credential_service");
const stranger = operatorKey("stranger", "dispatcher");

describe("signed commands from the district", () => {
  const cleanups = cleanupsAfterEach();

  /** A gateway (manual time) on a mosquitto district that trusts `dispatch` and `idm`, and a console there. */
  async function setup() {
    const district = await startMosquittoDistrict();
    cleanups.push(() => district.dispose());
    const site = demoModel();
    cleanups.push(site.cleanup);
    const timers = new ManualTimers(Date.parse("2026-11-23T13:45:00Z"));
    const uplink = testUplinkModel(district.url, { protocolVersion: district.protocolVersion, commands: signedPolicy([dispatch, idm], WINDOW_MS) });
    const model = { ...site.model, uplink };
    const boot = async () => {
      const gateway = await startGateway({ model, log: silentLogger(), hardware: hardwareOn(timers) });
      cleanups.push(() => gateway.stop());
      return gateway;
    };
    const gateway = await boot();
    const siteId = site.model.site.id;
    const center = await SiteClient.connect({ url: district.url, siteId, signer: dispatch.signer("j.alvarez"), now: () => timers.now() });
    cleanups.push(() => center.close());
    await vi.waitFor(async () => expect(await center.request("state", {}, 2000)).toMatchObject({ status: "ok" }), 10_000);
    /** Publish `payload` as request `name` and return its answer (the request's transaction is `t`). */
    // The credential worker yields to everything else: on a busy machine it takes a while.
    const send = (name: string, payload: Buffer | string, t: string) => center.publishRequest(name, payload, t, 15_000);
    const commandEvents = (): Extract<EventPayload, { type: "command" }>[] =>
      center.events.filter((e): e is Extract<EventPayload, { type: "command" }> => e.type === "command");
    return { gateway, boot, center, timers, siteId, send, commandEvents };
  }

  it("run a dispatcher's lockdown and record who sent it; every other command is refused, answered and audited", async () => {
    const { gateway, center, timers, siteId, send, commandEvents } = await setup();
    const raise = { action: "raise", mode: "lockdown", reason: "threat reported" };
    const signed = (t: string, over: { signer?: ReturnType<typeof dispatch.signer>; name?: string; site?: string; at?: number } = {}) =>
      signedRequest(over.signer ?? dispatch.signer("j.alvarez"), over.site ?? siteId, over.name ?? "mode", { ...raise, transaction: t }, over.at ?? timers.now());

    const refusals: [string, Buffer | string, string][] = [
      ["unsigned", JSON.stringify({ ...raise, transaction: "r1" }), "r1"],
      ["unknown_key", signed("r2", { signer: stranger.signer("mallory") }), "r2"],
      // A trusted key id over another key's signature.
      ["bad_signature", signed("r3", { signer: { ...stranger.signer("mallory"), keyId: "dispatch-1" } }), "r3"],
      // Signed for another school, or for another request, then moved here.
      ["bad_signature", signed("r4", { site: "other-school" }), "r4"],
      ["bad_signature", signed("r5", { name: "door" }), "r5"],
      ["stale", signed("r6", { at: timers.now() - WINDOW_MS - 1000 }), "r6"],
      ["stale", signed("r7", { at: timers.now() + WINDOW_MS + 1000 }), "r7"],
      ["not_permitted", signed("r8", { signer: idm.signer("idm-sync") }), "r8"],
    ];
    // The body changed after signing: the same header over another request.
    const original = signed("r9");
    const cut = original.indexOf(0x0a) + 1;
    const tampered = Buffer.concat([original.subarray(0, cut), Buffer.from(JSON.stringify({ action: "clear", transaction: "r9" }))]);
    refusals.push(["bad_signature", tampered, "r9"]);
    for (const [code, payload, t] of refusals) {
      expect(await send("mode", payload, t), code).toMatchObject({ status: "error", error: { code }, transaction: t });
      expect(gateway.engine.current.safety.mode).toBe("normal");
    }

    const ok = signed("ok1");
    expect(await send("mode", ok, "ok1")).toMatchObject({ status: "ok", data: { mode: "lockdown" }, transaction: "ok1" });
    // The same bytes again, while still fresh: a replay.
    expect(await send("mode", ok, "ok1")).toMatchObject({ status: "error", error: { code: "replayed" } });
    const mode = await center.waitForEvent((e) => e.type === "mode");
    expect(mode).toMatchObject({ action: "raised", by: "district", actor: "j.alvarez" });

    await vi.waitFor(() => expect(commandEvents().filter((e) => e.name === "mode")).toHaveLength(refusals.length + 2), 10_000);
    const audited = commandEvents().filter((e) => e.name === "mode").map((e) => [e.transaction, e.status, e.error_code, e.actor ?? null, e.key_id ?? null]);
    expect(audited).toEqual([
      ...refusals.map(([code, , t]) => [t, "error", code, null, null]),
      ["ok1", "ok", null, "j.alvarez", "dispatch-1"],
      ["ok1", "error", "replayed", null, null],
    ]);
  });

  it("refuse a replay after the gateway restarted within the window", async () => {
    const { gateway, boot, center, siteId, timers, send } = await setup();
    const t = randomUUID();
    const once = signedRequest(dispatch.signer("j.alvarez"), siteId, "door", { door: "main-outer", action: "momentary", transaction: t }, timers.now());
    expect(await send("door", once, t)).toMatchObject({ status: "ok" });
    await gateway.stop();
    await boot();
    timers.advance(30_000);
    await vi.waitFor(async () => expect(await center.request("state", {}, 2000)).toMatchObject({ status: "ok" }), 10_000);
    expect(await send("door", once, t)).toMatchObject({ status: "error", error: { code: "replayed" }, transaction: t });
  });

  it("take a credential list only from the credential service, signature checked over its raw bytes", async () => {
    const { siteId, timers, send } = await setup();
    // 400 holders: well above the size verified off the main thread.
    const holders = Array.from({ length: 400 }, (_, i) => ({
      id: `s-${900_000 + i}`,
      role: "student",
      access_groups: ["students"],
      badges: [{ format: "h10301", facility: 77, number: 1000 + i }],
    }));
    const list = { kind: "snapshot", version: "v1", part: 1, parts: 1, holders };
    const byDispatcher = signedRequest(dispatch.signer("j.alvarez"), siteId, "credentials", { transaction: "c1", ...list }, timers.now());
    expect(await send("credentials", byDispatcher, "c1")).toMatchObject({ status: "error", error: { code: "not_permitted" }, transaction: "c1" });
    const byService = signedRequest(idm.signer("idm-sync"), siteId, "credentials", { transaction: "c2", ...list }, timers.now());
    expect(byService.length).toBeGreaterThan(ASYNC_VERIFY_BYTES);
    const forged = Buffer.from(byService);
    forged.writeUInt8(forged.readUInt8(forged.length - 20) ^ 1, forged.length - 20);
    expect(await send("credentials", forged, "c2")).toMatchObject({ status: "error", error: { code: "bad_signature" }, transaction: "c2" });
    expect(await send("credentials", byService, "c2")).toMatchObject({ status: "ok", transaction: "c2" });
    const status = await send("credentials", signedRequest(idm.signer("idm-sync"), siteId, "credentials", { kind: "status", transaction: "c3" }, timers.now()), "c3");
    expect(status).toMatchObject({ status: "ok", data: { version: "v1" } });
  }, 60_000);
});
