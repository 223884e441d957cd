import { join } from "node:path";
import { AlarmService } from "../../src/alarms/alarm-service.js";
import { AlarmStore } from "../../src/alarms/alarm-store.js";
import type { AlarmsStatePayload } from "../../src/bus/alarm-payloads.js";
import { AlarmsSchema, compileAlarms, type AlarmsConfig } from "../../src/config/schema-alarms.js";
import type { AlarmAction } from "../../src/core/alarm-events.js";
import type { EventBody, StoredEvent } from "../../src/core/events.js";
import { openDatabase } from "../../src/store/database.js";
import { silentLogger } from "../../src/util/log.js";
import type { Cleanups } from "./cleanups.js";
import { ManualTimers } from "./manual-timers.js";
import { tempDir } from "./temp-dir.js";

/** Monday 2026-11-23 09:00 in Chicago. */
export const ALARMS_T0 = Date.parse("2026-11-23T15:00:00Z");

/** An alarm service on a real store, on manual time, with what it reported and published. */
export interface AlarmServiceRig {
  readonly svc: AlarmService;
  readonly timers: ManualTimers;
  readonly reported: EventBody[];
  readonly published: AlarmsStatePayload[];
  /** The store's directory, to start a second service on it (a restart). */
  readonly dir: string;
  /** Hand events to the service as the recorder's notice would. */
  record(...bodies: EventBody[]): void;
  /** The actions of the alarm_state events reported so far. */
  actions(): AlarmAction[];
  latest(): AlarmsStatePayload | undefined;
}

/** Start an alarm service on the store in `dir` (a new temp dir by default), its clock at `start`. */
export function alarmServiceRig(cleanups: Cleanups, config: Partial<AlarmsConfig> = {}, dir = tempDir(cleanups, "gatehouse-alarms-"), start = ALARMS_T0): AlarmServiceRig {
  const db = openDatabase(join(dir, "audit.db"), silentLogger());
  cleanups.push(() => void db.close());
  const timers = new ManualTimers(start);
  const reported: EventBody[] = [];
  const published: AlarmsStatePayload[] = [];
  let ids = 0;
  const svc = new AlarmService({
    policy: compileAlarms(AlarmsSchema.parse(config)),
    store: new AlarmStore(db),
    report: (...events) => void reported.push(...events),
    publish: (state) => void published.push(state),
    timers,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, "0")}`,
    log: silentLogger(),
  });
  cleanups.push(() => svc.stop());
  svc.start();
  let seq = 0;
  return {
    svc,
    timers,
    reported,
    published,
    dir,
    record: (...bodies) => svc.onRecorded(bodies.map((b): StoredEvent => ({ ...b, id: `e-${++seq}`, seq, ts: new Date(timers.now()).toISOString() }))),
    actions: () => reported.flatMap((e) => (e.type === "alarm_state" ? [e.action] : [])),
    latest: () => published.at(-1),
  };
}
