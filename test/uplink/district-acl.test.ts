import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { startBroker } from "../../src/bus/broker.js";
import { RequestRouter } from "../../src/bus/requests.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { startMosquitto } from "../helpers/mosquitto.js";
import { tempDir } from "../helpers/temp-dir.js";
import { routine, SITE, testUplinkModel, uplinkHarness } from "../helpers/uplink-harness.js";

/** The shipped template, used as it is. */
const ACL = fileURLToPath(new URL("../../config/district/mosquitto-acl.conf", import.meta.url));
const OTHER = "washington-ms";
const A = `gatehouse/${SITE}`;
const B = `gatehouse/${OTHER}`;
const PASSWORDS = { [SITE]: "pw-a", [OTHER]: "pw-b", "command-center": "pw-c" } as const;

/** A client that keeps every message it receives. */
async function client(url: string, username: keyof typeof PASSWORDS, filters: string[]): Promise<{ mqtt: MqttClient; got: { topic: string; body: string }[] }> {
  const c = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, username, password: PASSWORDS[username] });
  const got: { topic: string; body: string }[] = [];
  c.on("message", (topic, payload) => got.push({ topic, body: payload.toString() }));
  if (filters.length > 0) await c.subscribeAsync(filters, { qos: 1 });
  return { mqtt: c, got };
}

describe("the district broker's ACL template", () => {
  const cleanups = cleanupsAfterEach();

  it("lets a gateway use only its own site's topics, and the command center every site", { timeout: 60_000 }, async () => {
    const dir = tempDir(cleanups, "gatehouse-district-acl-");
    const passwd = join(dir, "passwd");
    for (const [i, [user, password]] of Object.entries(PASSWORDS).entries()) {
      execFileSync("mosquitto_passwd", [...(i === 0 ? ["-c"] : []), "-b", passwd, user, password]);
    }
    const broker = await startMosquitto(dir, { anonymous: false, security: [`password_file ${passwd}`, `acl_file ${ACL}`] });
    cleanups.push(() => broker.stop());

    // Gateway A: the real uplink, logged in with its site id.
    const local = await startBroker({ host: "127.0.0.1", port: 0, prefix: A, users: [], anonymous: "deny", simEnabled: false, log: silentLogger() });
    cleanups.push(() => local.close());
    const router = new RequestRouter({ broker: local, prefix: A, log: silentLogger() });
    router.register("state", { schema: z.strictObject({}), handle: () => ({ site: SITE }) });
    const h = uplinkHarness(testUplinkModel(broker.url, { protocolVersion: 5, username: SITE, password: PASSWORDS[SITE] }), { router });
    cleanups.push(() => h.dispose());
    const center = await client(broker.url, "command-center", ["gatehouse/#"]);
    cleanups.push(() => void center.mqtt.end(true));
    // Gateway B, as an intruder would use its account: it asks for everything.
    const rogue = await client(broker.url, OTHER, ["gatehouse/#", `${A}/#`, `${B}/request/+`]);
    cleanups.push(() => void rogue.mqtt.end(true));

    h.uplink.start();
    await vi.waitFor(() => expect(center.got).toContainEqual({ topic: `${A}/status`, body: expect.stringContaining('"online"') }), 10_000);
    h.record([routine(1)]);
    await vi.waitFor(() => expect(center.got.some((m) => m.topic === `${A}/event/door`)).toBe(true), 10_000);

    // B publishes as A (a request, an event, a status, a state, a response): each is refused (MQTT 5
    // reason 135, after which mosquitto drops the connection), so each goes on a connection of its own.
    const publishAsB = async (topic: string, body: string): Promise<void> => {
      const c = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0, username: OTHER, password: PASSWORDS[OTHER] });
      try {
        await c.publishAsync(topic, body, { qos: 1 });
      } finally {
        c.end(true);
      }
    };
    await expect(publishAsB(`${A}/request/state`, JSON.stringify({ transaction: "rogue" }))).rejects.toThrow(/Not authorized/);
    for (const topic of [`${A}/event/mode`, `${A}/status`, `${A}/state/site`, `${A}/response/state`]) {
      await expect(publishAsB(topic, '{"forged":true}'), topic).rejects.toThrow(/Not authorized/);
    }
    // B's own status goes through, after all of them: had they been let through, they would be in by now.
    await publishAsB(`${B}/status`, '{"state":"online"}');
    await vi.waitFor(() => expect(center.got.some((m) => m.topic === `${B}/status`)).toBe(true), 10_000);
    expect(center.got.filter((m) => m.body.includes("forged") || m.body.includes("rogue"))).toEqual([]);

    // The command center commands A (answered), and B (whose request B reads).
    await center.mqtt.publishAsync(`${A}/request/state`, JSON.stringify({ transaction: "cc1" }), { qos: 1 });
    await vi.waitFor(() => expect(center.got.some((m) => m.topic === `${A}/response/state` && m.body.includes("cc1"))).toBe(true), 10_000);
    expect(center.got.filter((m) => m.topic === `${A}/response/state`).map((m) => JSON.parse(m.body) as unknown)).toEqual([
      { status: "ok", data: { site: SITE }, transaction: "cc1" },
    ]);
    await center.mqtt.publishAsync(`${B}/request/state`, JSON.stringify({ transaction: "cc2" }), { qos: 1 });
    await vi.waitFor(() => expect(rogue.got.some((m) => m.topic === `${B}/request/state`)).toBe(true), 10_000);

    // B saw nothing of A: not its status, event, request or response; nor anything of its own but requests.
    expect(rogue.got.filter((m) => !m.topic.startsWith(`${B}/request/`))).toEqual([]);
  });
});
