import { execFile } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { siteDir } from "../helpers/site-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

describe("gatehouse run when the gateway cannot start", () => {
  const cleanups = cleanupsAfterEach();

  it("says why in one fatal line with what to do, and no stack trace, then exits 1", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;
    const config = siteDir(cleanups, `broker:\n  host: 127.0.0.1\n  port: ${port}\n  anonymous: viewer\n`);
    const data = tempDir(cleanups, "gatehouse-run-");
    const out = await run(process.execPath, ["--import", "tsx", "src/cli.ts", "run", "--config", config, "--data-dir", data], { cwd: ROOT, timeout: 60_000 }).then(
      () => ({ code: 0, stdout: "" }),
      (err: { code?: number; stdout?: string }) => ({ code: err.code, stdout: err.stdout ?? "" }),
    );
    expect(out.code).toBe(1);
    const fatal = out.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l["level"] === 60);
    expect(fatal).toEqual([expect.objectContaining({ msg: "gateway failed to start", reason: expect.stringContaining(`127.0.0.1:${port}: the port is taken`) })]);
    expect(out.stdout).not.toMatch(/\n\s+at |"stack"/);
  });
});
