import { vi } from "vitest";
import type { z } from "zod";
import type { SiteClient } from "../../src/client/site-client.js";

/** A retained topic as a client sees it, each payload checked against its wire schema. */
export interface RetainedWatch<T> {
  /** The latest payload; null before the first. */
  latest(): T | null;
  /** How many payloads arrived. */
  received(): number;
  /** Resolve with the first payload (the latest or one to come) that `match` accepts. */
  until(match: (state: T) => boolean): Promise<T>;
}

/** Subscribe `client` to `topic` and keep what arrives, parsed with `schema`. */
export async function watchRetained<T>(client: SiteClient, topic: string, schema: z.ZodType<T>): Promise<RetainedWatch<T>> {
  let latest: T | null = null;
  let received = 0;
  client.mqtt.on("message", (t, payload) => {
    if (t !== topic) return;
    latest = schema.parse(JSON.parse(payload.toString("utf8")));
    received++;
  });
  await client.mqtt.subscribeAsync(topic, { qos: 1 });
  return {
    latest: () => latest,
    received: () => received,
    until: async (match) =>
      vi.waitFor(() => {
        if (latest === null || !match(latest)) throw new Error(`${topic} not there yet: ${JSON.stringify(latest)}`);
        return latest;
      }),
  };
}

/** `watchRetained` on the site's retained `state/<name>`. */
export function watchState<T>(client: SiteClient, name: string, schema: z.ZodType<T>): Promise<RetainedWatch<T>> {
  return watchRetained(client, `${client.topics.prefix}/state/${name}`, schema);
}
