import { readdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/util/log.js";
import { openDatabase } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";

/** Bytes that are no SQLite file at all: what a torn SD card write or a bad sector can leave. */
const GARBAGE = Buffer.alloc(8192, 0xa5);

describe("a corrupt audit store at start", () => {
  const cleanups = cleanupsAfterEach();

  it("does not stop the gateway: the store is moved aside, the lockdown restored from its second copy, and an alarm raised", async () => {
    const { model, dir, cleanup } = demoModel();
    cleanups.push(cleanup);
    const first = await bootDemo(model);
    first.gateway.submit({ kind: "mode_request", action: "raise", mode: "lockdown", drill: false, by: { name: "admin", actor: "a", source: "local" }, reason: null, location: null });
    await first.stop();
    writeFileSync(model.storagePath, GARBAGE);

    const second = await bootDemo(model);
    cleanups.push(() => second.stop());
    expect(second.gateway.engine.current.safety.mode).toBe("lockdown");
    expect(second.gateway.engine.current.doors.every((d) => d.locked)).toBe(true);
    expect(readdirSync(dir).filter((f) => /^gatehouse\.db\.corrupt-\d{4}-/.test(f))).toHaveLength(1);
    await second.stop();

    const db = openDatabase(model.storagePath, silentLogger());
    cleanups.push(() => void db.close());
    expect(new EventLog(db).byType("alarm", 10)).toMatchObject([{ type: "alarm", alarm: "storage_corrupt", active: true, device: "store" }]);
  });
});
