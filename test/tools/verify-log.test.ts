import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runVerifyLog, type VerifyLogOptions } from "../../src/tools/verify-log.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Run the command in-process; its exit status and what it printed. */
function verify(opts: Omit<VerifyLogOptions, "out" | "err">): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = runVerifyLog({ ...opts, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe("gatehouse verify-log", () => {
  it("checks a store the gateway holds open (WAL) read-only: OK with the count and the head", () => {
    const s = auditStore(cleanups, 50);
    expect(existsSync(`${s.path}-wal`)).toBe(true);
    const head = s.events.chainHead();
    const r = verify({ dataDir: s.dir });
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toContain(`OK: 50 events chained from the genesis after seq 0, head seq 50 ${head.hash}`);
    // The writer goes on while and after the check.
    s.events.append([{ type: "door", door: "d", action: "opened" }], Date.now());
    s.db.close();
    expect(verify({ dataDir: s.dir, head: `50:${head.hash}` }).code).toBe(0);
  });

  it("names the seq of the first break and exits 1", () => {
    const s = auditStore(cleanups, 50);
    s.db.prepare(`UPDATE events SET body = replace(body, '"door-', '"dooR-') WHERE seq = 17`).run();
    const r = verify({ dataDir: s.dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BROKEN at seq 17: seq 17 was altered/);
  });

  it("catches a truncated tail against a head published on state/audit", () => {
    const s = auditStore(cleanups, 50);
    const published = `${s.events.chainHead().seq}:${s.events.chainHead().hash}`;
    s.db.prepare("DELETE FROM events WHERE seq > 40").run();
    s.db.prepare("DELETE FROM kv WHERE key = 'event_log.last_seq'").run();
    expect(verify({ dataDir: s.dir }).code).toBe(0);
    const r = verify({ dataDir: s.dir, head: published });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BROKEN at seq 50: .*truncated/);
  });

  it("finds the store from the site configuration's storage.path", () => {
    const s = auditStore(cleanups, 5);
    const config = tempDir(cleanups, "gatehouse-config-");
    writeFileSync(join(config, "site.yaml"), "site: { id: lincoln-es, name: Lincoln, timezone: America/Chicago }\nstorage: { path: gatehouse.db }\n");
    const r = verify({ config, dataDir: s.dir });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${s.path}: OK: 5 events`);
  });

  it("refuses bad usage with exit 2, and a missing store with exit 1 without creating it", () => {
    expect(verify({}).code).toBe(2);
    expect(verify({ dataDir: "/tmp", head: "12:nothex" }).code).toBe(2);
    const dir = tempDir(cleanups, "gatehouse-empty-");
    expect(verify({ dataDir: dir })).toMatchObject({ code: 1, err: expect.stringContaining("cannot open") });
    expect(existsSync(join(dir, "gatehouse.db"))).toBe(false);
  });

  it("runs as a command of the gatehouse CLI", async () => {
    const s = auditStore(cleanups, 3);
    s.db.prepare("DELETE FROM events WHERE seq = 2").run();
    const run = promisify(execFile);
    const outcome = await run(process.execPath, ["--import", "tsx", "src/cli.ts", "verify-log", "--data-dir", s.dir], { cwd: ROOT }).then(
      () => ({ code: 0, stdout: "" }),
      (err: { code: number; stdout: string }) => err,
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/BROKEN at seq 2: seq 2 is missing/);
  });
});
