import type { MqttClient } from "mqtt";

/** What a `gatehouse/#` subscriber has seen: every event by id (with its seq) and the retained states. */
export interface Watcher {
  readonly events: Map<string, number>;
  readonly states: Map<string, Record<string, unknown>>;
  /** Resolve once `ok(states)` holds, checked on every message; reject at `deadline`. */
  until(ok: (states: ReadonlyMap<string, Record<string, unknown>>) => boolean, deadline: number): Promise<void>;
}

/** Subscribe `client` to everything under `prefix`, the way a dashboard does. */
export async function watch(client: MqttClient, prefix: string): Promise<Watcher> {
  const events = new Map<string, number>();
  const states = new Map<string, Record<string, unknown>>();
  let check: (() => void) | null = null;
  client.on("message", (topic, payload) => {
    const rest = topic.slice(prefix.length + 1);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(payload.toString("utf8")) as Record<string, unknown>;
    } catch {
      return;
    }
    if (rest.startsWith("event/") && typeof body.id === "string" && typeof body.seq === "number") events.set(body.id, body.seq);
    if (rest.startsWith("state/")) states.set(rest, body);
    check?.();
  });
  await client.subscribeAsync(`${prefix.split("/")[0]}/#`, { qos: 1 });
  return {
    events,
    states,
    until: (ok, deadline) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          check = null;
          reject(new Error("states not reached in time"));
        }, Math.max(0, deadline - performance.now()));
        check = () => {
          if (!ok(states)) return;
          clearTimeout(timer);
          check = null;
          resolve();
        };
        check();
      }),
  };
}
