import { AlarmsStatePayload } from "../../src/bus/alarm-payloads.js";
import type { SiteClient } from "../../src/client/site-client.js";
import { watchRetained, type RetainedWatch } from "./retained-watch.js";

/** The retained `state/alarms` as a client sees it, each payload checked against its wire schema. */
export type AlarmWatch = RetainedWatch<AlarmsStatePayload>;

/** Subscribe `client` to `state/alarms` and keep what arrives. */
export async function watchAlarms(client: SiteClient): Promise<AlarmWatch> {
  return watchRetained(client, "alarms", AlarmsStatePayload);
}
