import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/** Every TypeScript file under src/, relative to the repository. */
function sources(dir = "src"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [relative(".", path)] : [];
  });
}

/** Every file with one of `exts` under `dir`, relative to the repository. */
function filesUnder(dir: string, exts: readonly string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, exts);
    return exts.some((e) => path.endsWith(e)) ? [relative(".", path)] : [];
  });
}

/** The top-level folder of a file under src/ ("(root)" for the entry points main.ts and cli.ts). */
const folderOf = (file: string): string => {
  const parts = relative("src", file).split(sep);
  return parts.length > 1 ? (parts[0] as string) : "(root)";
};

/** Imports between top-level folders of src/: "from → to" with the files that make each edge. */
function folderEdges(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of sources()) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from\s+|import\(\s*)"(\.[^"]+)"/g)) {
      const target = relative(".", resolve(dirname(file), m[1] as string));
      const [a, b] = [folderOf(file), folderOf(target)];
      if (a === b) continue;
      const key = `${a} → ${b}`;
      edges.set(key, (edges.get(key) ?? new Set()).add(`${file} → ${target}`));
    }
  }
  return edges;
}

/** The folders that sit on a cycle (strongly connected components of more than one folder). */
function cycles(edges: Iterable<string>): string[][] {
  const graph = new Map<string, string[]>();
  for (const key of edges) {
    const [a, b] = key.split(" → ") as [string, string];
    graph.set(a, [...(graph.get(a) ?? []), b]);
    if (!graph.has(b)) graph.set(b, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) visit(w);
      if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do component.push((w = stack.pop() as string));
      while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Files allowed past the 300-line aim: none today. */
const MAX_LINES = 300;

describe("the shape of the source tree", () => {
  it("no two top-level folders of src/ import each other, directly or around a loop", () => {
    const edges = folderEdges();
    const loops = cycles(edges.keys());
    const explain = loops.map((loop) => [...edges].filter(([key]) => loop.includes(key.split(" → ")[0] as string) && loop.includes(key.split(" → ")[1] as string)).map(([key, files]) => `${key}: ${[...files].join(", ")}`));
    expect(explain).toEqual([]);
  });

  it("nothing imports the entry points (main.ts, cli.ts) but tests", () => {
    expect([...folderEdges().keys()].filter((key) => key.endsWith("→ (root)"))).toEqual([]);
  });

  it("no source, test or script file passes 300 lines", () => {
    const long = ["src", "test", "scripts"].flatMap((dir) => filesUnder(dir, [".ts", ".mts", ".mjs"])).filter((f) => readFileSync(f, "utf8").split("\n").length - 1 > MAX_LINES);
    expect(long).toEqual([]);
  });

  it("exactly one module writes events to the store: the recorder's held writes", () => {
    const writers = sources().filter((file) => file !== "src/store/event-log.ts" && /\.(append|writeReserved|reserve)\(/.test(readFileSync(file, "utf8")));
    expect(writers).toEqual(["src/runtime/held-writes.ts"]);
  });

  it("nothing learns of events by watching the broker's event topics", () => {
    const sniffers = sources().filter((file) => /startsWith\([^)]*event\//.test(readFileSync(file, "utf8")));
    expect(sniffers).toEqual([]);
  });
});
