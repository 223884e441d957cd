import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Broker } from "../../src/bus/broker.js";
import { siteTopics } from "../../src/bus/topics.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { resolveFailMode, resolveSettings, type SiteDeviceParams } from "../../src/config/device-settings.js";
import type { DeviceModel } from "../../src/config/runtime-model.js";
import type { Input } from "../../src/core/inputs.js";
import type { DriverContext } from "../../src/drivers/driver.js";
import { silentLogger } from "../../src/util/log.js";

/** A driver context that records what the driver emits. The broker is not used by hardware drivers. */
export function recordingContext(): { ctx: DriverContext; inputs: Input[] } {
  const inputs: Input[] = [];
  const broker = new Proxy({} as Broker, {
    get: (_t, prop) => {
      throw new Error(`hardware drivers must not use the broker (${String(prop)})`);
    },
  });
  const ctx: DriverContext = { emit: (i) => inputs.push(i), broker, topics: siteTopics("test"), log: silentLogger() };
  return { ctx, inputs };
}

const catalog = loadCatalog().catalog;

/** A configured device of a shipped catalog model, with its transport settings. */
export function deviceOf(
  model: string,
  params: Pick<SiteDeviceParams, "gpio" | "hid"> = {},
  id = "dev",
): DeviceModel {
  const m = catalog.models.get(model);
  if (m === undefined) throw new Error(`no catalog model ${model}`);
  return {
    id,
    name: id,
    kind: m.kind,
    model: m,
    settings: resolveSettings(m, params),
    failMode: resolveFailMode(m),
  };
}

const Level = z.union([z.literal(0), z.literal(1)]);
const Counters = z.strictObject({
  frames_ok: z.number().int().optional(),
  frames_bad: z.number().int().optional(),
  reconnects: z.number().int().optional(),
});

/** A fixture of a GPIO input model: the wiring's levels over time, and the inputs they must give. */
const GpioInputFixture = z.strictObject({
  model: z.string(),
  description: z.string(),
  replay: z.literal("gpio_input"),
  device: z.strictObject({ line: z.number().int(), debounce_ms: z.number().int().optional() }),
  initial_level: Level,
  edges: z.array(z.strictObject({ at_ms: z.number().int().nonnegative(), level: Level })),
  end_ms: z.number().int().nonnegative(),
  expected: z.array(z.record(z.string(), z.unknown())),
  expected_counters: Counters.optional(),
});

/** A fixture of a GPIO output model: the states asked for, and the exact line operations they must give. */
const GpioOutputFixture = z.strictObject({
  model: z.string(),
  description: z.string(),
  replay: z.literal("gpio_output"),
  device: z.strictObject({ line: z.number().int() }),
  set_active: z.array(z.boolean()),
  expected_ops: z.array(z.record(z.string(), z.unknown())),
});

/** A fixture of a HID model: raw reports over time, and the inputs they must give. */
const HidFixture = z.strictObject({
  model: z.string(),
  description: z.string(),
  replay: z.literal("hid"),
  device: z.strictObject({ vendor_id: z.number().int(), product_id: z.number().int() }),
  reports: z.array(z.strictObject({ at_ms: z.number().int().nonnegative(), hex: z.string(), note: z.string().optional() })),
  expected: z.array(z.record(z.string(), z.unknown())),
  expected_counters: Counters.optional(),
});

/** One device fixture file. */
export const DeviceFixture = z.discriminatedUnion("replay", [GpioInputFixture, GpioOutputFixture, HidFixture]);
export type DeviceFixture = z.infer<typeof DeviceFixture>;

/** Where device fixtures live: test/fixtures/devices/<vendor>/<model>.fixture.json. */
export const FIXTURE_ROOT = join(import.meta.dirname, "../fixtures/devices");

/** Every fixture file, as `<vendor>/<model>` with its path. */
export function fixtureFiles(): { model: string; path: string }[] {
  return readdirSync(FIXTURE_ROOT, { withFileTypes: true })
    .filter((v) => v.isDirectory())
    .flatMap((v) =>
      readdirSync(join(FIXTURE_ROOT, v.name))
        .filter((f) => f.endsWith(".fixture.json"))
        .map((f) => ({ model: `${v.name}/${f.replace(/\.fixture\.json$/, "")}`, path: join(FIXTURE_ROOT, v.name, f) })),
    );
}

/** Read and validate one fixture. */
export function readFixture(path: string): DeviceFixture {
  return DeviceFixture.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** The catalog the fixtures are checked against. */
export function shippedCatalog() {
  return catalog;
}
