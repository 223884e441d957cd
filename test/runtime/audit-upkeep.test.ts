import mqtt from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { AuditStatePayload } from "../../src/bus/topics.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { verifyChain } from "../../src/store/chain-verify.js";
import { openDatabase } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { AUDIT_HEAD_MS } from "../../src/runtime/audit-head.js";
import { RETENTION_FIRST_MS } from "../../src/runtime/retention-runner.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoAccount, demoModel, SCHOOL_HOURS } from "../helpers/demo-site.js";
import { routine } from "../helpers/uplink-harness.js";

const DAY = 86_400_000;

/** Every `state/audit` payload the embedded broker sends a subscriber, retained one first. */
async function watchAudit(model: RuntimeModel, port: number): Promise<{ seen: AuditStatePayload[]; close: () => Promise<void> }> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { ...demoAccount(model), reconnectPeriod: 0 });
  const seen: AuditStatePayload[] = [];
  client.on("message", (_topic, payload) => seen.push(AuditStatePayload.parse(JSON.parse(payload.toString()))));
  await client.subscribeAsync(`gatehouse/${model.site.id}/state/audit`, { qos: 1 });
  return { seen, close: () => client.endAsync(true) };
}

describe("the audit log's upkeep in a running gateway", () => {
  const cleanups = cleanupsAfterEach();

  it("publishes the chain's head on state/audit (retained) at start and again once it moved", async () => {
    const { model, cleanup } = demoModel();
    cleanups.push(cleanup);
    const demo = await bootDemo(model);
    cleanups.push(() => demo.stop());
    const watch = await watchAudit(model, demo.gateway.port);
    cleanups.push(watch.close);
    await vi.waitFor(() => expect(watch.seen.length).toBeGreaterThan(0));
    const first = watch.seen[0];
    expect(first).toMatchObject({ checkpoint_seq: 0 });

    await demo.client.sim("dc-gym", { open: true });
    await vi.waitFor(() => expect(demo.gateway.engine.current.doors.some((d) => d.open)).toBe(true));
    demo.timers.advance(AUDIT_HEAD_MS);
    await vi.waitFor(() => expect(watch.seen.at(-1)?.seq).toBeGreaterThan(first?.seq ?? 0));
    await demo.stop();

    const db = openDatabase(model.storagePath, silentLogger());
    cleanups.push(() => void db.close());
    const head = watch.seen.at(-1);
    expect(verifyChain(db, head && { seq: head.seq, hash: head.hash }).broken).toBeNull();
  });

  it("prunes events past storage.retention in batches after start, and the log still verifies", async () => {
    const { model: demoSite, cleanup } = demoModel();
    cleanups.push(cleanup);
    const model: RuntimeModel = { ...demoSite, uplink: null, retention: { maxAgeMs: 30 * DAY, maxBytes: null } };
    const db = openDatabase(model.storagePath, silentLogger());
    const events = new EventLog(db);
    for (let day = 90; day > 0; day -= 1) events.append(Array.from({ length: 20 }, (_, i) => routine(i)), SCHOOL_HOURS - day * DAY);
    db.close();

    const demo = await bootDemo(model);
    cleanups.push(() => demo.stop());
    demo.timers.advance(RETENTION_FIRST_MS + 10_000);
    await demo.stop();

    const after = openDatabase(model.storagePath, silentLogger());
    cleanups.push(() => void after.close());
    const oldest = after.prepare<[], string>("SELECT ts FROM events ORDER BY seq LIMIT 1").pluck().get() ?? "";
    expect(Date.parse(oldest)).toBeGreaterThanOrEqual(SCHOOL_HOURS - 30 * DAY);
    expect(verifyChain(after)).toMatchObject({ broken: null, checkpoint: { origin: "pruned", seq: 61 * 20 } });
  });
});
