import type { MqttClient } from "mqtt";

/** What the workload drives: the demo site's devices, by id. */
export interface WorkloadSite {
  readonly prefix: string;
  readonly readers: readonly string[];
  readonly contacts: readonly string[];
}

/** Badges of the demo (known, unknown, malformed) as the sim readers take them. */
const BADGES = ["26:0x2F764DD", "26:0x2020002", "26:0x1FFFFFF", "26:0x0000001", "35:0x0", "not-a-badge"];
const MODES = ["hold", "secure", "lockdown"] as const;
/** Holders per credential part: the largest a part may hold, so an apply is long enough to be hit. */
const HOLDERS_PER_PART = 500;
const PARTS = 4;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function holders(version: number, part: number): unknown[] {
  return Array.from({ length: HOLDERS_PER_PART }, (_, i) => {
    const n = part * HOLDERS_PER_PART + i;
    return { id: `c-${version}-${n}`, role: "student", access_groups: ["students"], badges: [{ format: "h10301", facility: 77, number: n }] };
  });
}

/** One step of the workload: the topic and payload it publishes. */
export function nextStep(random: () => number, site: WorkloadSite, step: number): { topic: string; payload: string } {
  const r = random();
  const request = (name: string, body: Record<string, unknown>) => ({
    topic: `${site.prefix}/request/${name}`,
    payload: JSON.stringify({ ...body, transaction: `crash-${step}` }),
  });
  if (r < 0.5) return { topic: `${site.prefix}/sim/${pick(random, site.readers)}`, payload: JSON.stringify({ badge: pick(random, BADGES) }) };
  if (r < 0.62) return { topic: `${site.prefix}/sim/${pick(random, site.contacts)}`, payload: JSON.stringify({ open: random() < 0.5 }) };
  if (r < 0.8) return request("mode", { action: "raise", mode: pick(random, MODES), drill: random() < 0.5 });
  if (r < 0.9) return request("mode", { action: "clear" });
  const version = step;
  const part = Math.floor(random() * PARTS);
  return request("credentials", { kind: "snapshot", version: `v${version}`, part: part + 1, parts: PARTS, holders: holders(version, part) });
}

/**
 * Publish workload steps on `client` (as the admin) every `gapMs` until `stop()`; the gateway is meant
 * to be killed while this runs, so publish errors after the kill are expected and ignored.
 */
export function runWorkload(client: MqttClient, site: WorkloadSite, random: () => number, gapMs: number): { stop(): number } {
  let step = 0;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    const s = nextStep(random, site, step++);
    client.publish(s.topic, s.payload, { qos: 0 }, () => undefined);
    setTimeout(tick, gapMs);
  };
  tick();
  return {
    stop: () => {
      stopped = true;
      return step;
    },
  };
}
