import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OUTPUT_KINDS, type CatalogModel } from "../../src/catalog/schema.js";
import { GPIO_INPUT_KINDS } from "../../src/drivers/gpio/input-logic.js";
import { createHidDecoder } from "../../src/drivers/hid/hid-decoder.js";
import { deviceOf, DeviceFixture, fixtureFiles, shippedCatalog } from "../helpers/device-harness.js";
import { replayFixture } from "../helpers/device-replay.js";

/**
 * The shipped GPIO and HID models whose reports become inputs: the ones this test holds to their
 * fixtures. A desk's ID scanner gives no inputs (what it reads is a visitor's personal data, kept off
 * the engine): test/devices/id-scanner-device.test.ts holds it to the AAMVA fixtures.
 */
const models: CatalogModel[] = [...shippedCatalog().models.values()].filter(
  (m) => (m.transport.type === "gpio" || m.transport.type === "hid") && m.kind !== "id_scanner",
);

/** Fixtures of GPIO and HID models (other transports keep their own fixtures in the same tree). */
function ownFixtures() {
  const ids = new Set(models.map((m) => m.model));
  return fixtureFiles().filter((f) => ids.has(f.model));
}

function counterProblems(where: string, expected: Record<string, number | undefined> | undefined, got: Record<string, number>): string[] {
  const names: Record<string, string> = { frames_ok: "framesOk", frames_bad: "framesBad", reconnects: "reconnects" };
  return Object.entries(expected ?? {}).flatMap(([k, v]) =>
    v === undefined || got[names[k] ?? k] === v ? [] : [`${where}: ${k} is ${got[names[k] ?? k]}, expected ${v}`],
  );
}

describe("the GPIO and HID catalog models", () => {
  it("ship at least the generic models of every role", () => {
    expect(models.map((m) => m.model)).toEqual(
      expect.arrayContaining([
        "generic/usb-keyboard-wedge-reader",
        "generic/usb-hotkey-panic-button",
        "generic/gpio-door-contact",
        "generic/gpio-rex-button",
        "generic/gpio-fire-alarm-relay",
        "generic/gpio-key-switch",
        "generic/gpio-strike-relay",
        "generic/gpio-maglock-relay",
        "generic/gpio-strobe-relay",
        "generic/gpio-sounder-relay",
        "generic/gpio-panic-button-nc",
        "generic/gpio-metal-detector-relay",
      ]),
    );
  });

  it("are consistent: kinds the drivers support, settings that apply, a reason on every quirk, a fixture each", () => {
    const failures: string[] = [];
    const fixtures = new Set(ownFixtures().map((f) => f.model));
    for (const m of models) {
      const t = m.transport;
      if (!fixtures.has(m.model)) failures.push(`${m.model}: no test/fixtures/devices/${m.model}.fixture.json`);
      if (Object.keys(m.quirks).length === 0) failures.push(`${m.model}: no quirks: say what is particular about it`);
      if (t.type === "gpio") {
        const output = OUTPUT_KINDS.has(m.kind);
        if (!output && !GPIO_INPUT_KINDS.has(m.kind)) failures.push(`${m.model}: a ${m.kind} cannot be a GPIO device`);
        if (output && t.debounce_ms !== undefined) failures.push(`${m.model}: an output has no debounce`);
        if (!output && t.debounce_ms === undefined) failures.push(`${m.model}: an input must state its debounce_ms`);
        if ((m.kind === "panic") !== (t.supervision_ms !== undefined)) failures.push(`${m.model}: supervision_ms is for panic loops only, and they need it`);
      }
      if (t.type === "hid") {
        const decoder = createHidDecoder(deviceOf(m.model));
        if (typeof decoder === "string") failures.push(`${m.model}: ${decoder}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("every fixture replays to exactly its expected inputs (and line operations, and counters)", async () => {
    const failures: string[] = [];
    const files = ownFixtures();
    expect(files.length).toBe(models.length);
    for (const { model, path } of files) {
      const where = `${model}.fixture.json`;
      const parsed = DeviceFixture.safeParse(JSON.parse(readFileSync(path, "utf8")));
      if (!parsed.success) {
        failures.push(...parsed.error.issues.map((i) => `${where}: ${i.path.join(".")}: ${i.message}`));
        continue;
      }
      const f = parsed.data;
      if (f.model !== model) failures.push(`${where}: names model ${f.model}`);
      try {
        const got = await replayFixture(f);
        if (f.replay === "gpio_output") {
          if (JSON.stringify(got.ops) !== JSON.stringify(f.expected_ops)) {
            failures.push(`${where}: ops ${JSON.stringify(got.ops)} != ${JSON.stringify(f.expected_ops)}`);
          }
        } else {
          if (JSON.stringify(got.inputs) !== JSON.stringify(f.expected)) {
            failures.push(`${where}: inputs ${JSON.stringify(got.inputs)} != ${JSON.stringify(f.expected)}`);
          }
          failures.push(...counterProblems(where, f.expected_counters, { ...got.counters }));
        }
      } catch (err) {
        failures.push(`${where}: replay threw ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
