import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** Every TypeScript file under src/, relative to the repository. */
function sources(dir = "src"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [relative(".", path)] : [];
  });
}

describe("the shape of the source tree", () => {
  it("exactly one module writes events to the store: the recorder's held writes", () => {
    const writers = sources().filter((file) => file !== "src/store/event-log.ts" && /\.(append|writeReserved|reserve)\(/.test(readFileSync(file, "utf8")));
    expect(writers).toEqual(["src/runtime/held-writes.ts"]);
  });

  it("nothing learns of events by watching the broker's event topics", () => {
    const sniffers = sources().filter((file) => /startsWith\([^)]*event\//.test(readFileSync(file, "utf8")));
    expect(sniffers).toEqual([]);
  });
});
