import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { whyUnreadable } from "../../src/util/file-errors.js";
import { loadSite, type LoadResult } from "../../src/config/load-site.js";
import { formatProblem, type Problem } from "../../src/source/problems.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = join(ROOT, "test", "fixtures", "config");

function problemsOf(result: LoadResult): Problem[] {
  if (result.ok) throw new Error("expected problems, the config loaded");
  return result.problems;
}

function loaded(result: LoadResult): RuntimeModel {
  if (!result.ok) throw new Error(`expected the config to load, got:\n${result.problems.map(formatProblem).join("\n")}`);
  return result.model;
}

/** `file:line:col: path: message` with the file relative to the fixture dir. */
function lines(dir: string, problems: readonly Problem[]): string[] {
  return problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) }));
}

const ROLES = '"student"|"staff"|"admin"|"security"|"responder"|"visitor"|"contractor"';

describe("loadSite tells every problem in one run", () => {
  it("regression: a YAML indentation error hid the other mistakes, and a bad time zone hid the rest", () => {
    const dir = join(FIXTURES, "every-mistake");
    expect(lines(dir, problemsOf(loadSite({ configDir: dir })))).toEqual([
      'devices.yaml:3:22: devices.0.model: unknown model "sim/badge-readr" (no devices/sim/badge-readr.yaml) (did you mean "sim/badge-reader"?)',
      "doors.yaml:4:1: this line is indented less than the keys above it: line it up with them (or start a new list item with '- ') (YAML: Sequence item without - indicator)",
      `people.yaml:9:5: cardholders.0.role: expected one of ${ROLES}, got "stuent" (did you mean "student"?)`,
      'people.yaml:15:21: cardholders.1.access_groups.0: no access group "staf" (did you mean "staff"?)',
      'site.yaml:5:3: site.timezone: unknown IANA time zone, got "America/Chicgo" (did you mean "America/Chicago"?)',
    ]);
  });

  it("checks the entries after a failed one, at their own index, and suggests a close device id", () => {
    const site = "site: { id: s, name: S, timezone: UTC }\n";
    const devices = "devices:\n  - { id: rdr-a, model: sim/badge-reader, nmae: Front }\n  - { id: dc-front, model: sim/door-contact }\n";
    const doors = "doors:\n  - { id: a, name: A, readers: [rdr-a], strike_ms: 1 }\n  - { id: b, name: B, contact: dc-frnt }\n";
    const dir = tempSite({ "site.yaml": site, "devices.yaml": devices, "doors.yaml": doors });
    expect(lines(dir, problemsOf(loadSite({ configDir: dir })))).toEqual([
      'devices.yaml:2:43: devices.0.nmae: unknown key (did you mean "name"?)',
      "doors.yaml:2:41: doors.0.strike_ms: Too small: expected number to be >=500, got 1",
      'doors.yaml:3:23: doors.1.contact: no device "dc-frnt" (did you mean "dc-front"?)',
    ]);
  });
});

describe("loadSite suggests keys", () => {
  it("regression: held_open_msec got no did you mean (a slip in a short part of the key)", () => {
    const site = "site: { id: s, name: S, timezone: UTC }\n";
    const doors = "doors:\n  - { id: a, name: A, held_open_msec: 60000 }\n";
    const dir = tempSite({ "site.yaml": site, "doors.yaml": doors });
    expect(lines(dir, problemsOf(loadSite({ configDir: dir })))).toEqual(['doors.yaml:2:23: doors.0.held_open_msec: unknown key (did you mean "held_open_ms"?)']);
  });
});

const cleanups = cleanupsAfterEach();

/** A config dir of the given files in a fresh temp dir, removed after the test. */
function tempSite(files: Record<string, string | Buffer>): string {
  const dir = tempDir(cleanups, "gatehouse-truth-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** valid-small copied to a temp dir, with extra files. */
function smallCopy(files: Record<string, string | Buffer> = {}): string {
  const dir = tempSite({});
  cpSync(join(FIXTURES, "valid-small"), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("loadSite keeps what it says about a broken file short", () => {
  it("regression: a 64 KiB binary file gave 160 KB of problems echoing its bytes", () => {
    // A fixed pseudo-random pattern with NUL bytes, like a file copied in by mistake.
    const junk = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 2_654_435_761) >>> 24));
    const dir = smallCopy({ "junk.yaml": junk });
    const printed = problemsOf(loadSite({ configDir: dir })).map(formatProblem);
    expect(printed).toEqual([expect.stringMatching(/junk\.yaml:\d+:\d+: not a UTF-8 text file \(a NUL byte here\); is it binary\?$/)]);
  });

  it("shows ten syntax problems of a file of junk text and counts the rest", () => {
    const junk = Array.from({ length: 2000 }, (_, i) => `x${i}: [ : } ] \u0007 "`).join("\n");
    const dir = smallCopy({ "junk.yaml": junk });
    const printed = problemsOf(loadSite({ configDir: dir })).map(formatProblem);
    expect(printed).toHaveLength(11);
    expect(printed.at(-1)).toMatch(/: \d+ more problems in this file not shown; fix the first ones$/);
    expect(printed.join("\n")).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(printed.every((l) => l.length < 400)).toBe(true);
  });
});

describe("cardholders from a CSV file", () => {
  it("reads quoted fields, a BOM and CRLF lines into the same holders as YAML", () => {
    const csv = loaded(loadSite({ configDir: join(FIXTURES, "csv-people") })).core;
    const yaml = loaded(loadSite({ configDir: join(FIXTURES, "valid-small") })).core;
    for (const [format, facility, number] of [["h10301", 123, 45678]] as const) {
      const a = csv.credentials.findKnown(format, facility, number);
      const b = yaml.credentials.findKnown(format, facility, number);
      expect(csv.credentials.holderId(a)).toBe(yaml.credentials.holderId(b));
    }
    const sam = csv.credentials.findDigits("4512345");
    expect(csv.credentials.holderId(sam)).toBe("h-2");
    expect(csv.credentials.findRaw("10110011")).toBe(sam);
    expect(csv.credentials.validUntil(sam)).toBe(Date.UTC(2026, 5, 30, 5));
    const alex = csv.credentials.findKnown("h10304", 4242, 300001);
    expect(csv.credentials.holderId(alex)).toBe("h-3");
    expect(csv.credentials.role(alex)).toBe("student");
    expect(csv.credentials.holderCount).toBe(3);
  });

  it("reports each bad line at its line and column, as for YAML", () => {
    const dir = join(FIXTURES, "csv-mistakes");
    expect(lines(dir, problemsOf(loadSite({ configDir: dir })))).toEqual([
      `people.csv:4:3: cardholders.1.role: expected one of ${ROLES}, got "stuent" (did you mean "student"?)`,
      'people.csv:5:4: cardholders.2.access_groups.0: no access group "outsde" (did you mean "outside"?)',
      'people.csv:6:5: cardholders.3.badges: a badge is not format:facility:number (h10301:123:45678), bits:0101… or digits:0004512345 (value not shown: personal data)',
      "people.csv:7:2: cardholders.4: a quoted field is never closed",
    ]);
  });
});

describe("the data directory", () => {
  it("regression: a copied config wrote outside its data directory through a ../ storage path", () => {
    const dir = smallCopy({ "store.yaml": "" });
    writeFileSync(join(dir, "site.yaml"), `${"site: { id: s, name: S, timezone: UTC }\n"}storage:\n  path: ../../var/escaped.db\n`);
    const problems = problemsOf(loadSite({ configDir: dir, dataDir: join(dir, "data") }));
    expect(lines(dir, problems)).toEqual([expect.stringMatching(/^site\.yaml:3:3: storage\.path: "\.\.\/\.\.\/var\/escaped\.db" is outside the data directory /)]);
  });

  it("resolves a relative storage path against --data-dir", () => {
    const dir = smallCopy();
    const data = join(dir, "var-lib");
    expect(loaded(loadSite({ configDir: dir, dataDir: data })).storagePath).toBe(join(data, "data", "audit.db"));
  });

  it("refuses an absolute storage path outside a named data directory", () => {
    const dir = smallCopy();
    writeFileSync(join(dir, "site.yaml"), "site: { id: s, name: S, timezone: UTC }\nstorage: { path: /tmp/elsewhere.db }\n");
    const problems = problemsOf(loadSite({ configDir: dir, dataDir: join(dir, "data") }));
    expect(problems.map((p) => p.path)).toEqual(["storage.path"]);
  });
});

describe("password files", () => {
  /** The warning for a password file at a mode, as `path: message`. */
  const warned = (secret: string, access: string, octal: string, risk = ""): string =>
    `broker.users.0.password_file: password file ${secret} is ${access} by group or others (mode ${octal})${risk}; chmod 600 ${secret}`;
  const REPLACE = ": they may replace the password with their own";

  it.each([
    ["0600", 0o600, []],
    ["0640", 0o640, [["readable", "0640"]]],
    ["0604", 0o604, [["readable", "0604"]]],
    ["0620", 0o620, [["writable", "0620", REPLACE]]],
    ["0602", 0o602, [["writable", "0602", REPLACE]]],
    ["0666", 0o666, [["readable and writable", "0666", REPLACE]]],
  ] as const)("mode %s warns %j, naming the password file itself", (_label, mode, expected) => {
    const dir = smallCopy();
    const secret = join(dir, "secrets", "ops.password");
    chmodSync(secret, mode);
    const result = loadSite({ configDir: dir });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual(expected.map(([access, octal, risk]: readonly string[]) => warned(secret, access ?? "", octal ?? "", risk)));
  });

  it.each([
    ["a missing file", () => {}, "no such file"],
    ["a directory", (secret: string) => mkdirSync(secret), "it is a directory"],
  ])("regression: %s was reported without saying why", (_label, make, why) => {
    const dir = smallCopy();
    const secret = join(dir, "secrets", "other.password");
    make(secret);
    writeFileSync(join(dir, "site.yaml"), readFileSync(join(dir, "site.yaml"), "utf8").replace("secrets/ops.password", "secrets/other.password"));
    expect(problemsOf(loadSite({ configDir: dir })).map((p) => `${p.path}: ${p.message}`)).toEqual([
      `broker.users.0.password_file: cannot read secret file ${secret}: ${why}`,
    ]);
  });

  it("says permission denied for a file the gateway's user may not read", () => {
    // Not made with chmod: root, as the tests may run, reads any file.
    const denied = Object.assign(new Error("EACCES: permission denied, open 'x'"), { code: "EACCES" });
    expect(whyUnreadable(denied)).toBe("permission denied (the gateway's user must be able to read it)");
  });
});
