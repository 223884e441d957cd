import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const run = promisify(execFile);
const UNIT = fileURLToPath(new URL("../../systemd/gatehouse.service", import.meta.url));
/** The bar: systemd rates 2.0 and below "OK"; 2.5 leaves room for one more need of the gateway. */
const MAX_EXPOSURE = 2.5;
const cleanups = cleanupsAfterEach();

/** The unit as `systemd-analyze verify` can check it here: it looks for ExecStart's node on this machine. */
function verifiableUnit(): string {
  if (existsSync("/usr/bin/node")) return UNIT;
  const dir = tempDir(cleanups, "gatehouse-unit-");
  const copy = join(dir, "gatehouse.service");
  writeFileSync(copy, readFileSync(UNIT, "utf8").replaceAll("/usr/bin/node ", `${process.execPath} `));
  return copy;
}

/** The figure of the "Overall exposure level for gatehouse.service: 1.8 OK" line. */
function overallExposure(report: string): number {
  const m = /Overall exposure level for gatehouse\.service: (\d+(?:\.\d+)?) /.exec(report);
  if (m?.[1] === undefined) throw new Error(`no overall exposure line in:\n${report}`);
  return Number(m[1]);
}

describe("systemd/gatehouse.service", () => {
  // systemd-analyze works offline on a unit file (the .ci/run packages include systemd for it).
  it("is sandboxed to an exposure of at most 2.5 and still verifies cleanly", async () => {
    const security = await run("systemd-analyze", ["security", "--offline=yes", "--no-pager", UNIT]);
    expect(overallExposure(security.stdout)).toBeLessThanOrEqual(MAX_EXPOSURE);

    const verify = await run("systemd-analyze", ["verify", "--no-pager", verifiableUnit()]);
    expect(`${verify.stdout}${verify.stderr}`).toBe("");
  });

  it("runs the gateway with its data dir and one V8 helper thread, and keeps its devices reachable", () => {
    const unit = readFileSync(UNIT, "utf8");
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node --v8-pool-size=1 \/opt\/gatehouse\/dist\/cli\.js run --config \/etc\/gatehouse --data-dir \/var\/lib\/gatehouse$/m);
    expect(unit).toMatch(/^SupplementaryGroups=dialout gpio plugdev$/m);
    expect(unit).toMatch(/^ReadWritePaths=.*-\/sys\/class\/gpio/m);
    for (const node of ["ttyUSB", "ttyAMA", "hidraw", "gpiochip"]) expect(unit).toMatch(new RegExp(`^DeviceAllow=char-${node} rw$`, "m"));
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=/m);
  });
});
