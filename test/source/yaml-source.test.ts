import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { formatProblem } from "../../src/source/problems.js";
import { readYamlDir, readYamlFile } from "../../src/source/yaml-source.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();
let root: string;
let dir: string;

beforeEach(() => {
  root = tempDir(cleanups, "gatehouse-yaml-");
  dir = join(root, "config", "demo");
  mkdirSync(dir, { recursive: true });
});

/** Write a file into the config dir and return its full path. */
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** 1-based line/col of the first occurrence of needle, computed independently of the code under test. */
function posOf(text: string, needle: string, from = 0): { line: number; col: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`fixture lacks ${needle}`);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

const DOORS = [
  "doors:",
  "  - id: front",
  "    strike_ms: 500",
  "  - id: back",
  "    strike_ms: 800",
  "    schedule:",
  "      - { from: '07:00', to: '15:30' }",
  "",
].join("\n");

describe("readYamlFile", () => {
  it("parses a file and locates keys, values and list items", () => {
    const { file, problems } = readYamlFile(write("doors.yaml", DOORS), "doors.yaml");
    expect(problems).toEqual([]);
    expect(file?.file).toBe("doors.yaml");
    expect(file?.value).toEqual({
      doors: [
        { id: "front", strike_ms: 500 },
        { id: "back", strike_ms: 800, schedule: [{ from: "07:00", to: "15:30" }] },
      ],
    });
    // Last element an existing key: the key itself.
    expect(file?.locate(["doors", 1, "strike_ms"])).toEqual(posOf(DOORS, "strike_ms: 800"));
    // A list item: where its value starts.
    expect(file?.locate(["doors", 1])).toEqual(posOf(DOORS, "id: back"));
    expect(file?.locate(["doors", "1", "schedule", 0, "to"])).toEqual(posOf(DOORS, "to: '15:30'"));
    expect(file?.locate([])).toEqual({ line: 1, col: 1 });
  });

  it("points a path past the existing nodes at the deepest node that exists", () => {
    const { file } = readYamlFile(write("doors.yaml", DOORS));
    expect(file?.locate(["doors", 0, "mode"])).toEqual(posOf(DOORS, "id: front"));
    expect(file?.locate(["doors", 0, "strike_ms", "deeper"])).toEqual(posOf(DOORS, "500"));
    expect(file?.locate(["doors", 7, "id"])).toEqual(posOf(DOORS, "- id: front"));
    expect(file?.exists(["doors", 0, "mode"])).toBe(false);
    expect(file?.exists(["doors", 7])).toBe(false);
    expect(file?.exists(["doors", 1, "schedule", 0, "from"])).toBe(true);
  });

  it("reports a syntax error at its line and column and gives no value", () => {
    const text = "site:\n  name: 'Lincoln\n  timezone: America/Chicago\n";
    const { file, problems } = readYamlFile(write("site.yaml", text), "site.yaml");
    expect(file).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: "site.yaml", line: 4, col: 1, path: "" });
    expect(problems[0]?.message).toMatch(/quote/i);
  });

  it("reports every syntax error in a file, not just the first", () => {
    const text = "a: [1, 2\nb: 3\nc: {x\n";
    const { problems } = readYamlFile(write("x.yaml", text));
    expect(problems.map((p) => p.line)).toEqual([2, 4]);
    for (const p of problems) expect(p.message).not.toContain("\n");
  });

  it("reports tab indentation at the tab", () => {
    const text = "doors:\n  - id: front\n\tstrike_ms: 500\n";
    const { file, problems } = readYamlFile(write("tabs.yaml", text));
    expect(file).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ line: 3, col: 1, message: expect.stringMatching(/tab/i) })]);
  });

  it("reports each duplicate key at the repeat with its path and the first line, keeping the value", () => {
    const text = "doors:\n  - id: front\n    strike_ms: 500\n    id: back\ntimeout: 1\ntimeout: 2\n";
    const { file, problems } = readYamlFile(write("dup.yaml", text), "dup.yaml");
    expect(problems).toEqual([
      { file: "dup.yaml", line: 4, col: 5, path: "doors.0.id", message: "duplicate key, first defined at line 2" },
      { file: "dup.yaml", line: 6, col: 1, path: "timeout", message: "duplicate key, first defined at line 5" },
    ]);
    // The last one wins, and locate agrees with the value.
    expect(file?.value).toEqual({ doors: [{ id: "back", strike_ms: 500 }], timeout: 2 });
    expect(file?.locate(["timeout"])).toEqual({ line: 6, col: 1 });
  });

  it("rejects a second document and names its line", () => {
    const { file, problems } = readYamlFile(write("multi.yaml", "a: 1\n---\nb: 2\n"));
    expect(file).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ line: 2, col: 1, message: expect.stringMatching(/one YAML document/) })]);
  });

  it("accepts explicit start and end markers around a single document", () => {
    const { file, problems } = readYamlFile(write("one.yaml", "---\na: 1\n...\n"));
    expect(problems).toEqual([]);
    expect(file?.value).toEqual({ a: 1 });
  });

  it("treats an empty or comment-only file as an empty mapping, since an operator may blank a file out", () => {
    for (const text of ["", "# disabled for the summer\n", "---\n"]) {
      const { file, problems } = readYamlFile(write("blank.yaml", text));
      expect(problems).toEqual([]);
      expect(file?.value).toEqual({});
    }
  });

  it("keeps no/yes/on/off as strings (YAML 1.2 core), even under a %YAML 1.1 directive", () => {
    const text = "%YAML 1.1\n---\ncountry: NO\nanswer: yes\nchime: off\nenabled: true\n";
    const { file, problems } = readYamlFile(write("norway.yaml", text));
    expect(problems).toEqual([]);
    expect(file?.value).toEqual({ country: "NO", answer: "yes", chime: "off", enabled: true });
  });

  it("keeps numbers with leading zeros as strings and reads other numbers normally", () => {
    const text = "facility: 0042\nneg: -017\nfrac: 00.5\nzero: 0\nten: 10\noctal: 0o17\nhalf: 0.5\n";
    const { file, problems } = readYamlFile(write("zeros.yaml", text));
    expect(problems).toEqual([]);
    expect(file?.value).toEqual({ facility: "0042", neg: "-017", frac: "00.5", zero: 0, ten: 10, octal: 15, half: 0.5 });
  });

  it("resolves anchors, aliases and << merges, and locates merged keys at their source", () => {
    const text = [
      "defaults: &door",
      "  strike_ms: 500",
      "  mode: badge",
      "front:",
      "  <<: *door",
      "  mode: locked",
      "list: &l [1, 2]",
      "copy: *l",
      "",
    ].join("\n");
    const { file, problems } = readYamlFile(write("anchors.yaml", text));
    expect(problems).toEqual([]);
    expect(file?.value).toEqual({
      defaults: { strike_ms: 500, mode: "badge" },
      front: { strike_ms: 500, mode: "locked" },
      list: [1, 2],
      copy: [1, 2],
    });
    expect(file?.locate(["front", "strike_ms"])).toEqual(posOf(text, "strike_ms: 500"));
    expect(file?.locate(["front", "mode"])).toEqual(posOf(text, "mode: locked"));
    expect(file?.locate(["copy", 1])).toEqual(posOf(text, "2]"));
    expect(file?.exists(["front", "strike_ms"])).toBe(true);
  });

  it("reports an alias without an anchor at the alias", () => {
    const text = "a: 1\nb: *missing\n";
    const { file, problems } = readYamlFile(write("alias.yaml", text));
    expect(file).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ line: 2, col: 4, message: expect.stringContaining("*missing") })]);
  });

  it("turns alias expansion past the limit into a problem instead of throwing", () => {
    const ten = (ref: string): string => `[${Array(10).fill(ref).join(", ")}]`;
    const text = `a: &a ${ten("x")}\nb: &b ${ten("*a")}\nc: &c ${ten("*b")}\nd: ${ten("*c")}\n`;
    const { file, problems } = readYamlFile(write("laughs.yaml", text));
    expect(file).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ line: 1, col: 1, message: expect.stringMatching(/alias/i) })]);
  });

  it("reports a mapping used as a key", () => {
    const { file, problems } = readYamlFile(write("key.yaml", "a: 1\n? [x, y]\n: 2\n"));
    expect(file).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ line: 2, col: 3 })]);
  });

  it("turns read errors into problems", () => {
    const missing = readYamlFile(join(dir, "absent.yaml"), "config/demo/absent.yaml");
    expect(missing.file).toBeUndefined();
    expect(missing.problems).toEqual([
      expect.objectContaining({ file: "config/demo/absent.yaml", line: 1, col: 1, path: "", message: expect.stringMatching(/cannot read file/) }),
    ]);
    expect(readYamlFile(dir).problems).toHaveLength(1);
  });
});

describe("readYamlDir", () => {
  it("merges the sections of every .yaml and .yml file, in name order, ignoring other files", () => {
    write("site.yml", "site:\n  name: Lincoln\n");
    write("doors.yaml", DOORS);
    write("notes.txt", "not: yaml: at all: [");
    write(".#doors.yaml", "{ broken");
    mkdirSync(join(dir, "sub.yaml"));
    const { source, problems } = readYamlDir(dir, root);
    expect(problems).toEqual([]);
    expect(source.dir).toBe("config/demo");
    expect(source.files.map((f) => f.file)).toEqual(["config/demo/doors.yaml", "config/demo/site.yml"]);
    expect(Object.keys(source.value)).toEqual(["doors", "site"]);
    expect(source.value["site"]).toEqual({ name: "Lincoln" });
    expect(source.locate(["site", "name"])).toEqual({ file: "config/demo/site.yml", line: 2, col: 3 });
    expect(source.locate(["doors", 1, "strike_ms"])).toEqual({ file: "config/demo/doors.yaml", ...posOf(DOORS, "strike_ms: 800") });
    expect(source.locate(["broker", "port"])).toEqual({ file: "config/demo", line: 1, col: 1 });
    expect(source.locate.exists?.(["doors", 0, "id"])).toBe(true);
    expect(source.locate.exists?.(["broker"])).toBe(false);
  });

  it("shows file names as given when no display root is set", () => {
    write("site.yaml", "site: [\n");
    const { source, problems } = readYamlDir(dir);
    expect(source.dir).toBe(dir);
    expect(problems[0]?.file).toBe(join(dir, "site.yaml"));
  });

  it("reports a section defined in two files at the second, naming the first", () => {
    write("a.yaml", "doors: []\nsite: {}\n");
    write("b.yaml", "# extra doors\n\ndoors:\n  - id: gym\n");
    const { source, problems } = readYamlDir(dir, root);
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0]!)).toBe(
      "config/demo/b.yaml:3:1: doors: section is also defined at config/demo/a.yaml:1:1; each section belongs in one file",
    );
    expect(source.value["doors"]).toEqual([]);
    expect(source.locate(["doors"])).toEqual({ file: "config/demo/a.yaml", line: 1, col: 1 });
  });

  it("reports a file whose top level is not a mapping", () => {
    write("list.yaml", "# doors\n- id: front\n- id: back\n");
    write("word.yaml", "hello\n");
    const { source, problems } = readYamlDir(dir, root);
    expect(problems.map(formatProblem)).toEqual([
      'config/demo/list.yaml:2:1: the top level must be a mapping of sections (like "doors:"), found a list',
      'config/demo/word.yaml:1:1: the top level must be a mapping of sections (like "doors:"), found a string value',
    ]);
    expect(source.value).toEqual({});
  });

  it("keeps the sections of good files when another file has a syntax error", () => {
    write("doors.yaml", DOORS);
    write("site.yaml", "site:\n  name: 'Lincoln\n");
    write("empty.yaml", "");
    const { source, problems } = readYamlDir(dir, root);
    expect(problems).toEqual([expect.objectContaining({ file: "config/demo/site.yaml", line: 3, col: 1 })]);
    expect(Object.keys(source.value)).toEqual(["doors"]);
    expect(source.files.map((f) => f.file)).toEqual(["config/demo/doors.yaml", "config/demo/empty.yaml"]);
  });

  it("keeps a section named __proto__ as a plain key", () => {
    write("odd.yaml", "__proto__: {polluted: true}\n");
    const { source } = readYamlDir(dir, root);
    expect(Object.keys(source.value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("reports dangling and looping symlinks as unreadable files instead of throwing", () => {
    write("site.yaml", "site: {}\n");
    symlinkSync(join(dir, "gone.yaml"), join(dir, "doors.yaml"));
    symlinkSync(join(dir, "loop.yaml"), join(dir, "loop.yaml"));
    const { source, problems } = readYamlDir(dir, root);
    expect(problems.map((p) => [p.file, p.line, p.col])).toEqual([
      ["config/demo/doors.yaml", 1, 1],
      ["config/demo/loop.yaml", 1, 1],
    ]);
    expect(source.value).toEqual({ site: {} });
  });

  it("reports a missing directory and a directory with no YAML files", () => {
    const missing = readYamlDir(join(root, "nope"), root);
    expect(missing.problems).toEqual([
      expect.objectContaining({ file: "nope", line: 1, col: 1, message: expect.stringMatching(/cannot read configuration directory/) }),
    ]);
    const empty = readYamlDir(dir, root);
    expect(empty.problems).toEqual([expect.objectContaining({ file: "config/demo", message: expect.stringMatching(/no \.yaml/) })]);
    expect(empty.source.value).toEqual({});
  });
});
