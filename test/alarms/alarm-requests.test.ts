import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerAlarmRequests } from "../../src/alarms/alarm-requests.js";
import { startBroker, type Identity } from "../../src/bus/broker.js";
import { RequestRouter, type Envelope } from "../../src/bus/requests.js";
import { isUrgent } from "../../src/core/event-classes.js";
import { ALARM_ACTIONS } from "../../src/core/alarm-events.js";
import { URGENT_INDEX, URGENT_SQL } from "../../src/uplink/event-classes.js";
import { openDatabase } from "../../src/store/database.js";
import { silentLogger } from "../../src/util/log.js";
import { fireAlarmMove as move } from "../helpers/alarm-moves.js";
import { alarmServiceRig } from "../helpers/alarm-service.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const PREFIX = "gatehouse/test-site";

const local = (role: Identity["role"], username: string | null = "someone"): Identity =>
  role === "district" ? { source: "district", role, username, clientId: "gw" } : { source: "local", role, username, clientId: "c-1" };

describe("request/alarm", () => {
  const cleanups = cleanupsAfterEach();

  async function rig() {
    const alarms = alarmServiceRig(cleanups);
    const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users: [], anonymous: "deny", simEnabled: false, log: silentLogger() });
    cleanups.push(() => broker.close());
    const router = new RequestRouter({ broker, prefix: PREFIX, log: silentLogger() });
    registerAlarmRequests(router, alarms.svc);
    const ask = (body: object, from: Identity): Promise<Envelope> =>
      router.handle("alarm", Buffer.from(JSON.stringify({ ...body, transaction: "t-1" })), from, () => undefined);
    alarms.record({ type: "door", door: "east", action: "held_open" });
    return { alarms, ask };
  }

  it("is answered for officers and administrators only, with who did it in the event", async () => {
    const { alarms, ask } = await rig();
    for (const from of [local("viewer"), local("sim"), local(null, null), local("district")]) {
      expect(await ask({ action: "ack", alarm: "held_open@east" }, from)).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    }
    expect(alarms.actions()).toEqual(["raised"]);
    const shelved = await ask({ action: "shelve", alarm: "held_open@east", minutes: 15, reason: "delivery" }, local("admin", "ms-lee"));
    expect(shelved).toMatchObject({ status: "ok", data: { alarm: { alarm: "held_open@east", state: "active_unacked" } } });
    const acked = await ask({ action: "ack", alarm: "held_open@east" }, local("operator", "officer"));
    expect(acked).toMatchObject({ status: "ok", data: { alarm: { state: "active_acked", acked_by: "officer" } } });
    expect(alarms.reported.slice(1)).toMatchObject([
      { action: "shelved", by: "ms-lee", note: "delivery" },
      { action: "acknowledged", by: "officer", note: null },
    ]);
  });

  it("refuses what the alarm's state does not allow, and what the schema does not", async () => {
    const { ask } = await rig();
    const admin = local("admin");
    expect(await ask({ action: "unshelve", alarm: "held_open@east" }, admin)).toMatchObject({ error: { code: "not_shelved" } });
    expect(await ask({ action: "ack", alarm: "forced_open@east" }, admin)).toMatchObject({ error: { code: "not_open" } });
    expect(await ask({ action: "shelve", alarm: "held_open@east", minutes: 9999, reason: "x" }, admin)).toMatchObject({ error: { code: "shelf_too_long" } });
    expect(await ask({ action: "shelve", alarm: "held_open@east", minutes: 5 }, admin)).toMatchObject({ error: { code: "invalid_request" } });
    expect(await ask({ action: "ack", alarm: "east" }, admin)).toMatchObject({ error: { code: "invalid_request" } });
  });
});

describe("alarm moves sent to the district", () => {
  const cleanups = cleanupsAfterEach();

  it("only an escalation is urgent, by the core's rule and by the uplink's SQL through its index", () => {
    const db = openDatabase(join(tempDir(cleanups, "gatehouse-urgent-"), "audit.db"), silentLogger());
    cleanups.push(() => void db.close());
    const insert = db.prepare("INSERT INTO events (seq, id, ts, type, body) VALUES (?, ?, '', ?, ?)");
    ALARM_ACTIONS.forEach((a, i) => insert.run(i + 1, `e-${i}`, "alarm_state", JSON.stringify(move(a))));
    // INDEXED BY: SQLite refuses the statement if the index's WHERE no longer matches the rule.
    const sql = db.prepare<[], { seq: number }>(`SELECT seq FROM events INDEXED BY ${URGENT_INDEX} WHERE ${URGENT_SQL}`).all().map((r) => ALARM_ACTIONS[r.seq - 1]);
    expect(sql).toEqual(["escalated"]);
    expect(ALARM_ACTIONS.filter((a) => isUrgent(move(a)))).toEqual(["escalated"]);
  });
});
