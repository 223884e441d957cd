import mqtt, { type MqttClient } from "mqtt";
import { vi } from "vitest";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import type { Cleanups } from "./cleanups.js";
import { startMosquittoDistrict, type DistrictBroker } from "./district-broker.js";
import { testUplinkModel } from "./uplink-harness.js";
import { deskModel } from "./visitor-desk.js";

/** One message the district broker delivered: topic, text and its JSON. */
export interface DistrictMessage {
  readonly topic: string;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/** A listener at the district: every message under the site's prefix, kept across broker restarts. */
export interface DistrictView {
  readonly messages: DistrictMessage[];
  /** The events (`event/+`) received, each once by its seq. */
  events(): Record<string, unknown>[];
  /** Resolve with the first event `match` accepts, waiting up to `timeoutMs`. */
  waitForEvent(match: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolve with the latest payload of `topic` once `match` accepts it. */
  waitForState(topic: string, match: (json: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** A mosquitto district broker, removed after the test. */
export async function mosquittoDistrict(cleanups: Cleanups): Promise<DistrictBroker> {
  const district = await startMosquittoDistrict();
  cleanups.push(() => district.dispose());
  return district;
}

/** The desk's site (visitor-desk.ts) with an uplink to `district`; `configDir` as deskModel takes it. */
export function deskModelWithUplink(cleanups: Cleanups, district: DistrictBroker, configDir?: string): RuntimeModel {
  const model = deskModel(cleanups, configDir);
  return { ...model, uplink: testUplinkModel(district.url, { protocolVersion: district.protocolVersion }) };
}

/** Subscribe at the district to everything of site `siteId`, with a persistent session (QoS 1). */
export async function districtView(cleanups: Cleanups, district: DistrictBroker, siteId: string): Promise<DistrictView> {
  const messages: DistrictMessage[] = [];
  const client: MqttClient = await mqtt.connectAsync(district.url, { protocolVersion: 4, clientId: "district-console", clean: false, reconnectPeriod: 50 });
  cleanups.push(() => void client.end(true));
  client.on("message", (topic, payload) => {
    const text = payload.toString("utf8");
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: kept as text for the checks on what the district sees.
    }
    messages.push({ topic, text, json });
  });
  await client.subscribeAsync(`gatehouse/${siteId}/#`, { qos: 1 });
  const events = () => {
    const bySeq = new Map<unknown, Record<string, unknown>>();
    for (const m of messages) if (m.topic.includes("/event/") && !bySeq.has(m.json.seq)) bySeq.set(m.json.seq, m.json);
    return [...bySeq.values()];
  };
  return {
    messages,
    events,
    waitForEvent: (match, timeoutMs = 20_000) =>
      vi.waitFor(
        () => {
          const found = events().find(match);
          if (found === undefined) throw new Error("the district has not received the event yet");
          return found;
        },
        { timeout: timeoutMs, interval: 20 },
      ),
    waitForState: (topic, match, timeoutMs = 20_000) =>
      vi.waitFor(
        () => {
          const latest = messages.filter((m) => m.topic === topic).at(-1);
          if (latest === undefined || !match(latest.json)) throw new Error(`${topic} not there yet: ${latest?.text}`);
          return latest.json;
        },
        { timeout: timeoutMs, interval: 20 },
      ),
  };
}
