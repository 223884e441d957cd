import { vi } from "vitest";
import type { z } from "zod";
import type { SiteClient } from "../../src/client/site-client.js";

/** A retained `state/<name>` as a client sees it, each payload checked against its wire schema. */
export interface RetainedWatch<T> {
  /** The latest payload; null before the first. */
  latest(): T | null;
  /** Resolve with the first payload (the latest or one to come) that `match` accepts. */
  until(match: (state: T) => boolean): Promise<T>;
}

/** Subscribe `client` to `state/<name>` and keep what arrives, parsed by `schema`. */
export async function watchRetained<S extends z.ZodType>(client: SiteClient, name: string, schema: S): Promise<RetainedWatch<z.infer<S>>> {
  let latest: z.infer<S> | null = null;
  const topic = `${client.topics.prefix}/state/${name}`;
  client.mqtt.on("message", (t, payload) => {
    if (t === topic) latest = schema.parse(JSON.parse(payload.toString("utf8")));
  });
  await client.mqtt.subscribeAsync(topic, { qos: 1 });
  return {
    latest: () => latest,
    until: async (match) =>
      vi.waitFor(() => {
        if (latest === null || !match(latest)) throw new Error(`state/${name} not there yet: ${JSON.stringify(latest)}`);
        return latest;
      }),
  };
}
