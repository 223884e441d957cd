import mqtt from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { startBroker } from "../../src/bus/broker.js";
import { RequestRouter } from "../../src/bus/requests.js";
import { ASYNC_VERIFY_BYTES } from "../../src/bus/signed-command.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { startAedesDistrict } from "../helpers/district-broker.js";
import { operatorKey, signedPolicy, signedRequest } from "../helpers/district-keys.js";
import { SITE, testUplinkModel, uplinkHarness } from "../helpers/uplink-harness.js";

const P = `gatehouse/${SITE}`;
const idm = operatorKey("idm-1", "credential_service");
const dispatch = operatorKey("dispatch-1", "dispatcher");

describe("signed district commands", () => {
  const cleanups = cleanupsAfterEach();

  it("reach the handlers in the order they arrived, though a large one is verified off the main thread", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    const local = await startBroker({ host: "127.0.0.1", port: 0, prefix: P, users: [], anonymous: "deny", simEnabled: false, log: silentLogger() });
    cleanups.push(() => local.close());
    const router = new RequestRouter({ broker: local, prefix: P, log: silentLogger() });
    const order: string[] = [];
    router.register("credentials", { raw: true, handle: async () => (order.push("credentials"), { transaction: null, data: null }) });
    router.register("state", { schema: z.strictObject({}), handle: () => void order.push("state") });
    const h = uplinkHarness(testUplinkModel(d.url, { commands: signedPolicy([idm, dispatch]) }), { router });
    cleanups.push(() => h.dispose());
    const center = await mqtt.connectAsync(d.url, { protocolVersion: 4, reconnectPeriod: 0 });
    cleanups.push(() => void center.end(true));
    await center.subscribeAsync(`${P}/status`, { qos: 1 });
    const online = new Promise<void>((resolve) => center.on("message", (_t, p) => p.toString().includes('"online"') && resolve()));
    h.uplink.start();
    await online;

    // About 200 KiB: its signature takes far longer to check than the small request's behind it.
    const part = signedRequest(idm.signer("idm-sync"), SITE, "credentials", { transaction: "c1", pad: "x".repeat(200_000) }, Date.now());
    expect(part.length).toBeGreaterThan(ASYNC_VERIFY_BYTES);
    const small = signedRequest(dispatch.signer("j.alvarez"), SITE, "state", { transaction: "s1" }, Date.now());
    await Promise.all([center.publishAsync(`${P}/request/credentials`, part, { qos: 1 }), center.publishAsync(`${P}/request/state`, small, { qos: 1 })]);
    await vi.waitFor(() => expect(order).toHaveLength(2), 10_000);
    expect(order).toEqual(["credentials", "state"]);
  });
});
