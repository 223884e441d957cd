import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { formatPath, formatProblem, problemsFromZod, sortProblems, type Locator, type Problem } from "../../src/source/problems.js";
import { readYamlDir } from "../../src/source/yaml-source.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const Lock = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("relay"), pin: z.number().int() }),
  // OSDP 2.2 §5.3: addresses 0–126; 0x7F is the broadcast address.
  z.strictObject({ kind: z.literal("osdp"), address: z.number().int().min(0).max(126) }),
]);
const Reader = z.union([
  z.strictObject({ type: z.literal("wiegand"), d0: z.number().int(), d1: z.number().int() }),
  z.strictObject({ type: z.literal("osdp"), address: z.number().int() }),
]);
const Door = z.strictObject({
  id: z.string(),
  strike_ms: z.number().int().positive(),
  mode: z.enum(["badge", "locked", "unlocked"]),
  lock: Lock.optional(),
  reader: Reader.optional(),
  label: z.union([z.string(), z.number()]).optional(),
  zones: z.array(z.strictObject({ name: z.string() })).optional(),
});
const Site = z
  .strictObject({
    site: z.strictObject({ name: z.string(), timezone: z.string() }),
    doors: z.array(Door),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.doors.forEach((door, i) => {
      if (seen.has(door.id)) ctx.addIssue({ code: "custom", path: ["doors", i, "id"], message: `door id "${door.id}" is used twice` });
      seen.add(door.id);
    });
  });

const SITE = "site:\n  name: Lincoln Elementary\n  timezone: America/Chicago\n";

const cleanups = cleanupsAfterEach();
let root: string;

beforeEach(() => {
  root = tempDir(cleanups, "gatehouse-problems-");
});

/** Write the files into <root>/config/<name>, read the dir, validate it, and return every problem. */
function check(files: Record<string, string>, schema: z.ZodType = Site, name = "demo"): Problem[] {
  const dir = join(root, "config", name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const { source, problems } = readYamlDir(dir, root);
  const parsed = schema.safeParse(source.value);
  return parsed.success ? problems : [...problems, ...problemsFromZod(parsed.error.issues, source.locate)];
}

/** 1-based line of the first line containing needle, computed independently of the code under test. */
function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`fixture lacks ${needle}`);
  return index + 1;
}

function door(id: string, extra = ""): string {
  return `  - id: ${id}\n    strike_ms: 500\n    mode: badge\n${extra}`;
}

describe("formatProblem", () => {
  it("prints file:line:col: path: message", () => {
    const p = { file: "config/x/doors.yaml", line: 12, col: 5, path: "doors.2.strike_ms", message: "expected number, received string" };
    expect(formatProblem(p)).toBe("config/x/doors.yaml:12:5: doors.2.strike_ms: expected number, received string");
  });

  it("leaves out the path for a problem with the file as a whole", () => {
    expect(formatProblem({ file: "a.yaml", line: 1, col: 1, path: "", message: "file is broken" })).toBe("a.yaml:1:1: file is broken");
  });

  it("joins path elements with dots, indexes as numbers", () => {
    expect(formatPath(["doors", 2, "strike_ms"])).toBe("doors.2.strike_ms");
    expect(formatPath([])).toBe("");
  });
});

describe("sortProblems", () => {
  it("sorts by file, line, col, keeps equal positions in order, and leaves the input alone", () => {
    const at = (file: string, line: number, col: number, message: string): Problem => ({ file, line, col, path: "", message });
    const input = [at("b.yaml", 1, 1, "b"), at("a.yaml", 10, 1, "a10"), at("a.yaml", 2, 7, "first"), at("a.yaml", 2, 3, "a2"), at("a.yaml", 2, 7, "second")];
    expect(sortProblems(input).map((p) => p.message)).toEqual(["a2", "first", "second", "a10", "b"]);
    expect(input[0]?.message).toBe("b");
  });
});

describe("problemsFromZod over a real configuration directory", () => {
  it("places a wrong type at the key, in the documented format", () => {
    const doors = `doors:\n${door("front")}${door("back")}  # gym: double doors\n  - id: gym\n    mode: badge\n    label: Gym\n    strike_ms: "slow"\n`;
    const problems = check({ "site.yaml": SITE, "doors.yaml": doors }, Site, "x");
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0]!)).toMatch(/^config\/x\/doors\.yaml:12:5: doors\.2\.strike_ms: \S.*number/);
    expect(problems[0]?.message).not.toMatch(/^Invalid input/);
  });

  it("says a key with nothing under it is empty, without repeating null", () => {
    const dir = join(root, "config", "empty");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "site.yaml"), SITE);
    writeFileSync(join(dir, "doors.yaml"), "doors:\n");
    const { source } = readYamlDir(dir, root);
    // As the loader parses: with the input reported, so that messages can quote it.
    const parsed = Site.safeParse(source.value, { reportInput: true });
    const problems = problemsFromZod(parsed.error?.issues ?? [], source.locate);
    expect(problems.map((p) => [p.path, p.message])).toEqual([["doors", "expected array, received null (the key has nothing under it)"]]);
  });

  it("says how to write a list where entries by name are wanted, and the other way round", () => {
    const dir = join(root, "config", "shapes");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "site.yaml"), SITE);
    writeFileSync(join(dir, "doors.yaml"), "doors:\n  front: { id: front, strike_ms: 500, mode: badge }\n");
    const Named = z.strictObject({ site: z.strictObject({ name: z.string(), timezone: z.string() }), doors: z.array(Door), names: z.record(z.string(), z.string()).optional() });
    writeFileSync(join(dir, "names.yaml"), "names:\n  - front\n");
    const { source } = readYamlDir(dir, root);
    const parsed = Named.safeParse(source.value, { reportInput: true });
    expect(problemsFromZod(parsed.error?.issues ?? [], source.locate).map((p) => [p.path, p.message])).toEqual([
      ["doors", 'expected array, received object (write a "- " list here, not "name: value" entries)'],
      ["names", 'expected record, received array (write "name: value" entries here, not a "- " list)'],
    ]);
  });

  it("finds three independent mistakes in two files, each at its own line", () => {
    const site = "site:\n  name: Lincoln Elementary\n  timezone: America/Chicago\n  contry: NO\n";
    const doors = `doors:\n${door("front")}  - id: back\n    strike_ms: 500\n    mode: badge\n    mode: locked\n${door("gym", "    lock: {kind: relay, pin: seventeen}\n")}`;
    const problems = sortProblems(check({ "site.yaml": site, "doors.yaml": doors }));
    expect(problems.map((p) => [p.file, p.line, p.path])).toEqual([
      ["config/demo/doors.yaml", lineOf(doors, "mode: locked"), "doors.1.mode"],
      ["config/demo/doors.yaml", lineOf(doors, "pin: seventeen"), "doors.2.lock.pin"],
      ["config/demo/site.yaml", 4, "site.contry"],
    ]);
    expect(problems[0]?.message).toMatch(/^duplicate key/);
    expect(problems[2]?.message).toBe("unknown key");
  });

  it("says required for a missing field and points at the nearest existing parent", () => {
    const doors = `doors:\n${door("front")}  - id: back\n    mode: badge\n`;
    const problems = check({ "site.yaml": SITE, "doors.yaml": doors });
    expect(problems).toEqual([
      { file: "config/demo/doors.yaml", line: lineOf(doors, "id: back"), col: 5, path: "doors.1.strike_ms", message: "required (expected number)" },
    ]);
  });

  it("says required for a missing enum, a missing section, and when the schema sets its own messages", () => {
    const Custom = z.strictObject({ broker: z.strictObject({ port: z.number({ error: "port must be a number" }) }) });
    const schema = z.strictObject({ site: Site.shape.site, doors: z.array(Door.omit({ mode: true }).extend({ mode: Door.shape.mode })) });
    const problems = check({ "site.yaml": SITE, "doors.yaml": "doors:\n  - id: front\n    strike_ms: 5\n" }, schema.and(Custom));
    expect(problems.map(formatProblem)).toEqual([
      'config/demo/doors.yaml:2:5: doors.0.mode: required (one of "badge", "locked", "unlocked")',
      "config/demo:1:1: broker: required (expected object)",
    ]);
    const custom = check({ "b.yaml": "broker: {}\n" }, Custom, "custom");
    expect(custom.map(formatProblem)).toEqual(["config/custom/b.yaml:1:9: broker.port: required (expected number)"]);
  });

  it("reports each unknown key at that key, one problem per key", () => {
    const doors = `doors:\n${door("front", "    colour: red\n    size: 3\n")}`;
    const problems = check({ "site.yaml": SITE, "doors.yaml": doors });
    expect(problems).toEqual([
      { file: "config/demo/doors.yaml", line: lineOf(doors, "colour"), col: 5, path: "doors.0.colour", message: "unknown key" },
      { file: "config/demo/doors.yaml", line: lineOf(doors, "size"), col: 5, path: "doors.0.size", message: "unknown key" },
    ]);
  });

  it("turns union failures into readable messages at the right place", () => {
    const doors = [
      "doors:\n",
      door("a", "    lock: {kind: magnet, pin: 3}\n"),
      door("b", "    reader: {type: wiegand, d0: 2, d1: two,\n      pin: 1}\n"),
      door("c", "    reader: {type: clock, d0: 2}\n"),
      door("d", "    label: [north]\n"),
      door("e", "    reader:\n      type: osdp\n      address: 3\n      baud: 9600\n"),
    ].join("");
    const problems = check({ "site.yaml": SITE, "doors.yaml": doors });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath)).toEqual(["doors.0.lock.kind", "doors.1.reader.d1", "doors.1.reader.pin", "doors.2.reader.type", "doors.3.label", "doors.4.reader.baud"]);
    expect(byPath["doors.0.lock.kind"]).toMatchObject({ line: lineOf(doors, "magnet"), message: 'expected one of "relay", "osdp"' });
    expect(byPath["doors.1.reader.d1"]).toMatchObject({ line: lineOf(doors, "d1: two") });
    expect(byPath["doors.1.reader.d1"]?.message).toMatch(/number/);
    expect(byPath["doors.1.reader.pin"]).toMatchObject({ line: lineOf(doors, "pin: 1"), col: 7, message: "unknown key" });
    expect(byPath["doors.2.reader.type"]).toMatchObject({ line: lineOf(doors, "clock"), message: 'expected one of "wiegand", "osdp"' });
    expect(byPath["doors.3.label"]).toMatchObject({ line: lineOf(doors, "[north]"), message: "expected string or number, received array" });
    expect(byPath["doors.4.reader.baud"]).toMatchObject({ line: lineOf(doors, "baud"), message: "unknown key" });
    for (const p of problems) expect(p.message).not.toMatch(/Invalid input|\n/);
  });

  it("places a custom refinement at its path with its own message", () => {
    const doors = `doors:\n${door("front")}${door("gym")}${door("front")}`;
    const problems = check({ "site.yaml": SITE, "doors.yaml": doors });
    expect(problems).toEqual([
      { file: "config/demo/doors.yaml", line: 8, col: 5, path: "doors.2.id", message: 'door id "front" is used twice' },
    ]);
  });

  it("keeps zod's message for range checks and reports bad record keys at the key", () => {
    // Pointing at the key (not the value) follows the locate rule: the last path element is an existing key.
    const schema = z.strictObject({ zones: z.record(z.string().regex(/^[a-z_]+$/), z.number().max(10)) });
    const problems = check({ "z.yaml": "zones:\n  gym: 11\n  Main Hall: 2\n" }, schema);
    expect(problems.map((p) => [p.line, p.col, p.path])).toEqual([
      [2, 3, "zones.gym"],
      [3, 3, "zones.Main Hall"],
    ]);
    expect(problems[0]?.message).toMatch(/10/);
    expect(problems[1]?.message).toMatch(/^invalid key: /);
  });
});

describe("problemsFromZod with a locator that cannot tell what exists", () => {
  const locate: Locator = () => ({ file: "f.yaml", line: 3, col: 4 });
  const schema = z.strictObject({ a: z.number(), b: z.enum(["x", "y"]) });

  it("recognises a missing field from zod's message", () => {
    const result = schema.safeParse({ b: "z" });
    expect(result.success).toBe(false);
    const problems = problemsFromZod(result.error?.issues ?? [], locate);
    expect(problems.map(formatProblem)).toEqual(['f.yaml:3:4: a: required (expected number)', 'f.yaml:3:4: b: expected one of "x"|"y"']);
  });

  it("recognises a missing field from the input when zod reports it", () => {
    const result = schema.safeParse({ a: 1 }, { reportInput: true });
    const problems = problemsFromZod(result.error?.issues ?? [], locate);
    expect(problems.map((p) => p.message)).toEqual(['required (one of "x", "y")']);
  });
});
