import { describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { ResponseEnvelope, StateResponseData } from "../../src/bus/response-schemas.js";
import { EventPayload } from "../../src/bus/event-payloads.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { wireSchemas } from "../../src/tools/json-schemas.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";

const UNKNOWN = formatBadgeText(encodeBits("h10301", 99, 1));

/** The schema a message on `topic` (below the site prefix) must match, by the wire catalog's file names. */
function schemaFor(rel: string): z.ZodType {
  const schemas = wireSchemas();
  const [first, second] = rel.split("/");
  const name = first === "state" ? `state-${second}` : first === "event" ? `event-${second}` : first === "response" ? "response" : first;
  // A topic with a schema of its own below another's (`state/occupancy/people`) is named in full.
  const found = schemas.get(rel.replaceAll("/", "-")) ?? (name === undefined ? undefined : schemas.get(name));
  if (found === undefined) throw new Error(`no wire schema for ${rel}`);
  return found.schema;
}

/** The data of a `response/state`, checked against its schema. */
function stateData(envelope: unknown): z.infer<typeof StateResponseData> {
  const answer = ResponseEnvelope.parse(envelope);
  if (answer.status !== "ok") throw new Error(answer.error.message);
  return StateResponseData.parse(answer.data);
}

describe("the wire contract on a running gateway", () => {
  const cleanups = cleanupsAfterEach();

  /**
   * The demo gateway, its topic prefix, and the MQTT connection of its site client, watched: a
   * response goes only to the client that asked, so the watcher is the client that sends requests.
   */
  async function watchedDemo() {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await bootDemo(site.model);
    cleanups.push(gw.stop);
    const prefix = `gatehouse/${site.model.site.id}/`;
    return { gw, prefix, watcher: gw.client.mqtt };
  }

  it("request/state answered safety.since in epoch ms: it is ISO 8601, the time of the mode event", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await bootDemo(site.model);
    cleanups.push(gw.stop);
    expect(stateData(await gw.client.request("state")).safety.since).toBeNull();
    gw.timers.advance(1000);
    await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    const raised = await gw.client.waitForEvent((e) => e.type === "mode");
    const data = stateData(await gw.client.request("state"));
    expect(data.safety).toEqual({ mode: "lockdown", drill: true, silent: false, since: raised.ts, by: "admin" });
    expect(data.summary.mode_since).toBe(raised.ts);
  });

  it("every message the gateway publishes matches the schema of its topic, and every stored event its event schema", async () => {
    const { gw, prefix, watcher } = await watchedDemo();
    const seen: { rel: string; body: unknown }[] = [];
    watcher.on("message", (topic, payload) => {
      const rel = topic.slice(prefix.length);
      if (!rel.startsWith("request/") && !rel.startsWith("sim/")) seen.push({ rel, body: JSON.parse(payload.toString()) as unknown });
    });
    await watcher.subscribeAsync(`${prefix}#`, { qos: 1 });

    for (let i = 0; i < 5; i += 1) await gw.client.sim("rdr-east-ext", { badge: UNKNOWN });
    await gw.client.waitForEvent((e) => e.type === "alarm" && e.alarm === "reader_lockout");
    await gw.client.sim("dc-gym", { open: true });
    await gw.client.sim("wtmd-main", { alarm: true, zones: [3] });
    await gw.client.sim("fire-panel", { active: true });
    await gw.client.sim("panic-office", { pressed: true });
    // A request round trip: the press has been taken by the time the answer comes; the demo button needs a 500 ms hold.
    await gw.client.request("state");
    gw.timers.advance(500);
    await gw.client.waitForEvent((e) => e.type === "mode" && e.action === "raised");
    await gw.client.request("door", { door: "nowhere", action: "unlock" });
    await gw.client.waitForEvent((e) => e.type === "command" && e.name === "door");
    await gw.client.request("state");

    const answer = ResponseEnvelope.parse(await gw.client.request("events", { limit: 1000 }));
    if (answer.status !== "ok") throw new Error(answer.error.message);
    const stored = (answer.data as { events: unknown[] }).events;
    const types = new Set(stored.map((e) => EventPayload.parse(e).type));
    expect([...types]).toEqual(expect.arrayContaining(["access", "alarm", "command", "device", "door", "mode", "panic", "screening"]));

    await vi.waitFor(() => expect(seen.filter((m) => m.rel.startsWith("response/events"))).toHaveLength(1));
    const rejected = seen.filter((m) => !schemaFor(m.rel).safeParse(m.body).success);
    expect(rejected).toEqual([]);
    expect(new Set(seen.map((m) => m.rel.split("/")[0]))).toEqual(new Set(["status", "state", "event", "response"]));
  });

  it("the published request schemas refused the transaction every request carries: each request sent, and each answer, matches its schema", async () => {
    const { gw, prefix, watcher } = await watchedDemo();
    const sent: { name: string; body: unknown }[] = [];
    const answers: { name: string; body: unknown }[] = [];
    const record = (topic: string, payload: Buffer | string): void => {
      const [kind, name] = topic.slice(prefix.length).split("/");
      const body = JSON.parse(payload.toString()) as unknown;
      if (kind === "request" && name !== undefined) sent.push({ name, body });
      if (kind === "response" && name === "credentials") answers.push({ name, body });
    };
    // Requests go to no other client: they are seen as the watcher sends them.
    watcher.on("packetsend", (packet) => {
      if (packet.cmd === "publish") record(packet.topic, packet.payload);
    });
    watcher.on("message", record);
    await watcher.subscribeAsync(`${prefix}response/credentials`, { qos: 1 });
    const holder = { id: "s-900001", role: "student", access_groups: ["students"], badges: [{ format: "h10301", facility: 77, number: 1234 }] };
    await gw.client.request("state");
    await gw.client.request("events", { limit: 5 });
    await gw.client.request("mode", { action: "raise", mode: "hold", drill: true });
    await gw.client.request("door", { door: "gym", action: "momentary" });
    await gw.client.request("mode", { action: "clear" });
    // The credential list is read by a thread that yields to everything else: on a busy machine it takes a while.
    const slow = 15_000;
    await gw.client.request("credentials", { kind: "status" }, slow);
    await gw.client.request("credentials", { kind: "snapshot", version: "v1", part: 1, parts: 2, holders: [holder] }, slow);
    await gw.client.request("credentials", { kind: "snapshot", version: "v1", part: 2, parts: 2, holders: [] }, slow);
    await gw.client.request("credentials", { kind: "delta", version: "v2", base_version: "v1", remove: ["s-900001"] }, slow);
    await vi.waitFor(() => expect(sent).toHaveLength(9));
    await vi.waitFor(() => expect(answers).toHaveLength(4));
    const schemas = wireSchemas();
    const refused = sent.filter(({ name, body }) => schemas.get(`request-${name}`)?.schema.safeParse(body).success !== true);
    expect(refused).toEqual([]);
    const data = answers.map(({ body }) => ResponseEnvelope.parse(body)).map((a) => (a.status === "ok" ? a.data : a.error));
    const wrong = data.filter((d) => schemas.get("response-credentials-data")?.schema.safeParse(d).success !== true);
    expect(wrong).toEqual([]);
  }, 90_000);
});
