import { expect, vi } from "vitest";
import type { MqttClient } from "../../web/mqtt.js";

/** Start the console's MQTT client and check that it is refused twice over and never goes online. */
export async function expectNeverOnline(client: MqttClient): Promise<void> {
  const seen: string[] = [];
  client.onStatus((s) => seen.push(s));
  client.start();
  await vi.waitFor(() => expect(seen.filter((s) => s === "offline").length).toBeGreaterThanOrEqual(2));
  expect(seen).not.toContain("online");
}
