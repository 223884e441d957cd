import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway } from "../../src/main.js";
import { safetyCopyPath } from "../../src/runtime/safety-copy.js";
import { FakeGpio, makeSysfs, PI4_BOOKWORM, type GpioOp } from "../helpers/fake-gpio.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { GPIO_SITE_LINES, gpioSiteModel } from "../helpers/gpio-site.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { hardwareOn } from "../helpers/hardware.js";

const { frontMaglock, officeStrike, fire } = GPIO_SITE_LINES;

/** The operations on one line, as "open 1", "write 0"… */
function levelsOf(ops: readonly GpioOp[], n: number): string[] {
  return ops.flatMap((o) => (o.n === n && (o.op === "open_output" || o.op === "write") ? [`${o.op === "write" ? "write" : "open"} ${o.level}`] : []));
}

/** The GPIO site with a lockdown stored in its safety copy, and `fireInputs` last seen active. */
function siteWithStoredLockdown(dir: string, fireInputs: string[]): RuntimeModel {
  const model = gpioSiteModel(dir);
  const safety = { mode: "lockdown", drill: false, silent: false, since: Date.now(), by: "admin" };
  writeFileSync(safetyCopyPath(model.storagePath), JSON.stringify({ safety, fire: fireInputs }));
  return model;
}

/** A port something else already listens on: the gateway's broker cannot start there. */
async function takenPort(): Promise<{ port: number; close: () => void }> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, close: () => server.close() };
}

describe("the outputs are driven from the stored safety state before the broker starts", () => {
  const cleanups = cleanupsAfterEach();

  async function startWithoutBroker(fireInputs: string[]) {
    const dir = mkdtempSync(join(tmpdir(), "gatehouse-outputs-first-"));
    const sysfs = makeSysfs(PI4_BOOKWORM);
    const taken = await takenPort();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), sysfs.cleanup, taken.close);
    const stored = siteWithStoredLockdown(dir, fireInputs);
    const model = { ...stored, broker: { ...stored.broker, port: taken.port } };
    const gpio = new FakeGpio();
    const timers = new ManualTimers();
    const started = startGateway({ model, log: silentLogger(), hardware: hardwareOn(timers, { gpio: { api: gpio, sysfsRoot: sysfs.root } }) });
    await expect(started).rejects.toThrow();
    return gpio.ops;
  }

  it("a stored lockdown locks every door even when the broker then fails to start, and they stay locked", async () => {
    const ops = await startWithoutBroker([]);
    // Maglock: locked is high; strike (fail-secure): locked is low. Exported locked, left locked by the failed start's stop.
    expect(levelsOf(ops, frontMaglock)).toEqual(["open 1", "write 1"]);
    expect(levelsOf(ops, officeStrike)).toEqual(["open 0", "write 0"]);
    // No input was read: inputs start only after the engine.
    expect(ops.filter((o) => o.n === fire)).toEqual([]);
  });

  it("a stored fire alarm keeps the egress doors released through a start that fails after the outputs", async () => {
    const ops = await startWithoutBroker(["fire-panel"]);
    expect(levelsOf(ops, frontMaglock)).toEqual(["open 0", "write 0"]);
    expect(levelsOf(ops, officeStrike)).toEqual(["open 1", "write 1"]);
  });
});
