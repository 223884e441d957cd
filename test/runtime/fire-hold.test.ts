import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/util/log.js";
import { startGateway } from "../../src/main.js";
import { FakeGpio, makeSysfs, PI4_BOOKWORM, type GpioOp } from "../helpers/fake-gpio.js";
import { type ChildGateway, spawnReadyChild } from "../helpers/child-gateway.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";
import { GPIO_SITE_LINES, gpioSiteModel } from "../helpers/gpio-site.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { hardwareOn } from "../helpers/hardware.js";

const { frontMaglock, officeStrike, fire } = GPIO_SITE_LINES;
/** The fire relay input is debounced 100 ms (its catalog model); a little more lets it settle. */
const DEBOUNCE_SETTLED_MS = 150;

/** The line operations on one output, as levels: "open 1", "write 0"… */
function levelsOf(ops: readonly GpioOp[], n: number): string[] {
  return ops.flatMap((o) => (o.n === n && (o.op === "open_output" || o.op === "write") ? [`${o.op === "write" ? "write" : "open"} ${o.level}`] : []));
}

describe("a fire alarm holds egress doors released through a stop and a start", () => {
  const cleanups = cleanupsAfterEach();

  it("never locks an egress door across lockdown and fire, a clean stop, and a start with the alarm still on", async () => {
    const dir = tempDir(cleanups, "gatehouse-fire-hold-");
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(sysfs.cleanup);
    const model = gpioSiteModel(dir);
    // One fake for both runs: like the kernel, it keeps every line's level between processes.
    const gpio = new FakeGpio();
    const timers = new ManualTimers();
    const boot = () => startGateway({ model, log: silentLogger(), hardware: hardwareOn(timers, { gpio: { api: gpio, sysfsRoot: sysfs.root } }) });

    const first = await boot();
    first.submit({ kind: "mode_request", action: "raise", mode: "lockdown", drill: false, by: { name: "admin", actor: "a", source: "local" }, reason: null, location: null });
    gpio.setLevel(fire, 1);
    timers.advance(DEBOUNCE_SETTLED_MS);
    await first.stop();

    const second = await boot();
    cleanups.push(() => second.stop());
    expect(second.engine.current.safety.mode).toBe("lockdown");
    gpio.setLevel(fire, 0);
    timers.advance(DEBOUNCE_SETTLED_MS);

    // Maglock: locked is high. Locked at the first start, released by the fire, kept released by the
    // stop and exported released again, locked once the fire input reads inactive.
    expect(levelsOf(gpio.ops, frontMaglock)).toEqual(["open 1", "write 0", "write 0", "open 0", "write 1"]);
    // Strike (fail-secure): locked is low.
    expect(levelsOf(gpio.ops, officeStrike)).toEqual(["open 0", "write 1", "write 1", "open 1", "write 0"]);
  });
});

/** The output operations the child gateways appended to `file`. */
function opsIn(file: string): GpioOp[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as GpioOp);
}

describe("a fire alarm holds egress doors released through a crash", () => {
  const cleanups = cleanupsAfterEach();
  const MAIN = fileURLToPath(new URL("../helpers/gpio-gateway-main.ts", import.meta.url));

  it("never locks an egress door across fire, kill -9 and a start with the alarm still on", async () => {
    const dir = tempDir(cleanups, "gatehouse-fire-crash-");
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(sysfs.cleanup);
    const opsFile = join(dir, "gpio-ops.jsonl");
    const spawnGateway = (fireLevel: 0 | 1) =>
      spawnReadyChild(MAIN, { dir, sysfsRoot: sysfs.root, opsFile, levels: { [fire]: fireLevel } });
    const setFire = (child: ChildGateway, level: 0 | 1) => child.process.stdin?.write(`${JSON.stringify({ n: fire, level })}\n`);

    const first = await spawnGateway(0);
    cleanups.push(() => first.kill9());
    setFire(first, 1);
    await vi.waitFor(() => expect(levelsOf(opsIn(opsFile), frontMaglock)).toEqual(["open 1", "write 0"]), { timeout: 5_000 });
    await first.kill9();

    const second = await spawnGateway(1);
    cleanups.push(() => second.stop());
    setFire(second, 0);
    await vi.waitFor(() => expect(levelsOf(opsIn(opsFile), frontMaglock)).toHaveLength(4), { timeout: 5_000 });

    const ops = opsIn(opsFile);
    // Exported released after the crash, before the fire input was read; locked only once it reads inactive.
    expect(levelsOf(ops, frontMaglock)).toEqual(["open 1", "write 0", "open 0", "write 1"]);
    expect(levelsOf(ops, officeStrike)).toEqual(["open 0", "write 1", "open 1", "write 0"]);
  });
});
