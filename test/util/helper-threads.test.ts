import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HELPER_THREADS_OPTION, helperThreadsChosen } from "../../src/util/helper-threads.js";

describe("helperThreadsChosen", () => {
  it("sees the pool size on the command line or in NODE_OPTIONS, in either spelling", () => {
    expect(helperThreadsChosen([HELPER_THREADS_OPTION], "")).toBe(true);
    expect(helperThreadsChosen(["--v8-pool-size", "2"], "")).toBe(true);
    expect(helperThreadsChosen([], `--max-old-space-size=256 ${HELPER_THREADS_OPTION}`)).toBe(true);
  });

  it("is false when node runs with its default pool", () => {
    expect(helperThreadsChosen([], "")).toBe(false);
    expect(helperThreadsChosen(["--import", "tsx"], "--max-old-space-size=256")).toBe(false);
    expect(helperThreadsChosen(["--v8-pool-sizes=1"], "")).toBe(false);
  });

  it("names an option node accepts and that shrinks the process's thread count", () => {
    const threads = (args: string[]) =>
      Number(execFileSync(process.execPath, [...args, "-e", "process.stdout.write(String(require('fs').readdirSync('/proc/self/task').length))"], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } }));
    expect(threads([HELPER_THREADS_OPTION])).toBeLessThan(threads([]));
  });
});
