import { vi } from "vitest";
import { AlarmsStatePayload } from "../../src/bus/alarm-payloads.js";
import type { SiteClient } from "../../src/client/site-client.js";

/** The retained `state/alarms` as a client sees it, each payload checked against its wire schema. */
export interface AlarmWatch {
  /** The latest payload; null before the first. */
  latest(): AlarmsStatePayload | null;
  /** Resolve with the first payload (the latest or one to come) that `match` accepts. */
  until(match: (state: AlarmsStatePayload) => boolean): Promise<AlarmsStatePayload>;
}

/** Subscribe `client` to `state/alarms` and keep what arrives. */
export async function watchAlarms(client: SiteClient): Promise<AlarmWatch> {
  let latest: AlarmsStatePayload | null = null;
  const topic = `${client.topics.prefix}/state/alarms`;
  client.mqtt.on("message", (t, payload) => {
    if (t === topic) latest = AlarmsStatePayload.parse(JSON.parse(payload.toString("utf8")));
  });
  await client.mqtt.subscribeAsync(topic, { qos: 1 });
  return {
    latest: () => latest,
    until: async (match) =>
      vi.waitFor(() => {
        if (latest === null || !match(latest)) throw new Error(`state/alarms not there yet: ${JSON.stringify(latest)}`);
        return latest;
      }),
  };
}
