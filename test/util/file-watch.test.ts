import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { watchFiles } from "../../src/util/file-watch.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();

/** A file in a fresh directory, and a counter of the changes a watch on it reports. */
function watched(opts: Parameters<typeof watchFiles>[2]) {
  const dir = tempDir(cleanups, "gatehouse-watch-");
  const file = join(dir, "users.passwd");
  writeFileSync(file, "a\n");
  const calls = { n: 0 };
  const watch = watchFiles([file], () => calls.n++, opts);
  cleanups.push(() => watch.close());
  return { dir, file, calls };
}

describe("watchFiles", () => {
  it("reports a burst of writes once it has settled, and a file renamed over the old one", async () => {
    const { dir, file, calls } = watched({ debounceMs: 100, pollMs: 60_000 });
    for (const text of ["b\n", "bc\n", "bcd\n"]) writeFileSync(file, text);
    await vi.waitFor(() => expect(calls.n).toBe(1), { timeout: 3000 });
    writeFileSync(join(dir, "new.tmp"), "e\n");
    renameSync(join(dir, "new.tmp"), file);
    await vi.waitFor(() => expect(calls.n).toBe(2), { timeout: 3000 });
  });

  it("ignores the other files of the directory", async () => {
    const { dir, calls } = watched({ debounceMs: 20, pollMs: 50 });
    writeFileSync(join(dir, "other"), "x\n");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls.n).toBe(0);
  });

  it("sees a change by its periodic stat where no change notice comes", async () => {
    const { file, calls } = watched({ debounceMs: 20, pollMs: 100, notices: false });
    writeFileSync(file, "changed\n");
    await vi.waitFor(() => expect(calls.n).toBe(1), { timeout: 3000 });
  });
});
