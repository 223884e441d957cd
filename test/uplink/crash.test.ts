import { join } from "node:path";
import mqtt from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { StatusPayload } from "../../src/bus/topics.js";
import { silentLogger } from "../../src/util/log.js";
import { openDatabase } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { spawnChildGateway, type ChildGateway } from "../helpers/child-gateway.js";
import { startMosquittoDistrict } from "../helpers/district-broker.js";
import { SITE, appendRoutine, deliveryOf, districtSubscriber } from "../helpers/uplink-harness.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Enough events that the drain is surely still running when the first few thousand have arrived. */
const EVENTS = 20_000;
/** Kill once this many arrived: well inside the drain. */
const KILL_AFTER = 3_000;

describe("a gateway killed with SIGKILL in the middle of a drain (mosquitto district)", () => {
  const cleanups = cleanupsAfterEach();

  it("loses nothing and keeps order after the restart; the district saw the last will", async () => {
    const district = await startMosquittoDistrict();
    cleanups.push(() => district.dispose());
    const dir = tempDir(cleanups, "gatehouse-crash-");
    const db = openDatabase(join(dir, "gatehouse.db"), silentLogger());
    appendRoutine(new EventLog(db), EVENTS);
    db.close();

    const sub = await districtSubscriber(district.url, "district-console");
    cleanups.push(() => void sub.client.end(true));
    const statuses: StatusPayload[] = [];
    const watcher = await mqtt.connectAsync(district.url, { protocolVersion: 4, reconnectPeriod: 0 });
    cleanups.push(() => void watcher.end(true));
    watcher.on("message", (_t, p) => statuses.push(StatusPayload.parse(JSON.parse(p.toString()))));
    await watcher.subscribeAsync(`gatehouse/${SITE}/status`, { qos: 1 });

    const opts = { dir, url: district.url, protocolVersion: district.protocolVersion, window: 100 };
    let child: ChildGateway = await spawnChildGateway(opts);
    cleanups.push(() => child.stop());
    await vi.waitFor(() => expect(sub.tally.seqs.length).toBeGreaterThanOrEqual(KILL_AFTER), { timeout: 20_000, interval: 20 });
    await child.kill9();
    const atKill = new Set(sub.tally.seqs).size;
    expect(atKill).toBeLessThan(EVENTS);
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe("offline"), { timeout: 10_000 });

    child = await spawnChildGateway(opts);
    await vi.waitFor(() => expect(new Set(sub.tally.seqs).size).toBe(EVENTS), { timeout: 30_000, interval: 50 });
    expect(deliveryOf(sub.tally)).toEqual({ inOrder: true, first: 1, last: EVENTS, conflicts: 0 });
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ state: "online", config_hash: "c0ffee" }));
  }, 60_000);
});
