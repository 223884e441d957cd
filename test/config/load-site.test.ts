import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import type { Problem } from "../../src/source/problems.js";
import { loaded, problemsOf } from "../helpers/load-result.js";
import { NOT_FOUND } from "../../src/core/credential-index/credential-index.js";
import type { SiteModel } from "../../src/core/model.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEMO = join(ROOT, "config", "demo");
const FIXTURES = join(ROOT, "test", "fixtures", "config");

function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** The holder slot of a known-format badge; fails the test when nobody holds it. */
function slotOf(core: SiteModel, format: "h10301" | "corp1000" | "h10304", facility: number, number: number): number {
  const slot = core.credentials.findKnown(format, facility, number);
  expect(slot, `${format} ${facility}/${number} is held`).not.toBe(NOT_FOUND);
  return slot;
}

/** Every door a holder's access groups open, sorted. */
function doorsOf(core: SiteModel, slot: number): string[] {
  const groups = core.profiles[core.credentials.profile(slot)]?.groups ?? [];
  return [...new Set(groups.flatMap((g) => [...g.doors]))].sort();
}

/** A problem as expected: file name inside the fixture dir, 1-based line and column, path, message. */
type Expected = [file: string, line: number, col: number, path: string, message: string | RegExp];

/** A message to compare exactly, or a pattern it must match. */
function text(message: string | RegExp): string {
  return typeof message === "string" ? message : (expect.stringMatching(message) as string);
}

function matcher(dir: string, [file, line, col, path, message]: Expected): Problem {
  return { file: join(dir, file), line, col, path, message: text(message) };
}

const NO_TELEPORTER = 'unknown model "acme/teleporter" (no devices/acme/teleporter.yaml)';

describe("loadSite: the demo configuration", () => {
  const model = loaded(loadSite({ configDir: DEMO, dataDir: join(ROOT, "var", "demo") }));

  it("loads with its six doors, 30 devices (the desk's ID scanner among them) and six badges", () => {
    expect([...model.core.doors.keys()]).toEqual(["main-outer", "main-inner", "east", "gym", "office", "library"]);
    expect(model.devices.size).toBe(30);
    expect(model.core.credentials.holderCount).toBe(6);
    expect(model.core.credentials.badgeCount).toBe(6);
    expect(model.site).toEqual({ id: "lincoln-es", name: "Lincoln Elementary School", timezone: "America/Chicago" });
  });

  it("resolves door groups into each holder's doors", () => {
    const core = model.core;
    const admin = slotOf(core, "corp1000", 1001, 5000);
    expect(core.credentials.holderId(admin)).toBe("h-1002");
    expect(doorsOf(core, admin)).toEqual(["east", "gym", "library", "main-inner", "main-outer", "office"]);
    const staff = slotOf(core, "h10301", 123, 45678);
    expect(core.credentials.holderId(staff)).toBe("h-1001");
    expect(doorsOf(core, staff)).toEqual(["east", "library", "main-inner", "main-outer", "office"]);
    const student = core.credentials.findDigits("4512345");
    expect(core.credentials.holderId(student)).toBe("h-3001");
    expect(core.credentials.role(student)).toBe("student");
  });

  it("reads the broker password from its file and resolves the storage path against the data dir", () => {
    expect(model.broker.accounts).toEqual([
      { username: "demo", password: "lincoln-demo-only", role: "admin" },
      { username: "officer", password: "lincoln-officer-demo", role: "officer" },
      { username: "desk", password: "lincoln-desk-demo", role: "front_desk" },
      { username: "monitor", password: "lincoln-monitor-demo", role: "monitor" },
    ]);
    expect(model.storagePath).toBe(join(ROOT, "var", "demo", "gatehouse.db"));
  });
});

describe("loadSite: the compiled model", () => {
  const dir = fixture("valid-small");
  const model = loaded(loadSite({ configDir: dir }));

  it("resolves a relative storage path against the config dir", () => {
    expect(model.configDir).toBe(resolve(dir));
    expect(model.storagePath).toBe(join(dir, "data", "audit.db"));
  });

  it("maps snake_case settings and defaults to the camelCase door model", () => {
    expect(model.core.doors.get("front")).toMatchObject({
      id: "front",
      name: "Front door",
      groups: ["exterior"],
      strikeMs: 5000,
      heldOpenMs: 30_000,
      readers: ["rdr-front"],
      contact: "dc-front",
      rex: "rex-front",
      lock: "lk-front",
    });
    expect(model.core.doors.get("side")).toMatchObject({ strikeMs: 3000, heldOpenMs: 60_000, contact: null, rex: null });
    expect(model.core.deviceDoor.get("rex-front")).toEqual({ door: "front", part: "rex" });
    expect(model.core.deviceDoor.get("lk-side")).toEqual({ door: "side", part: "lock" });
    expect(model.core.deviceDoor.has("panic-office")).toBe(false);
  });

  it("resolves access groups through door_groups and explicit doors", () => {
    const core = model.core;
    const pat = slotOf(core, "h10301", 123, 45678);
    expect(core.credentials.holderId(pat)).toBe("h-1");
    expect(doorsOf(core, pat)).toEqual(["front", "side"]);
    const sam = core.credentials.findDigits("0004512345");
    expect(core.credentials.holderId(sam)).toBe("h-2");
    expect(doorsOf(core, sam)).toEqual(["front", "lab", "side"]);
    expect(core.credentials.findRaw("10110011")).toBe(sam);
  });

  it("turns validity times with offsets into epoch ms", () => {
    const sam = model.core.credentials.findDigits("4512345");
    expect(model.core.credentials.validFrom(sam)).toBe(Date.UTC(2025, 8, 1));
    expect(model.core.credentials.validUntil(sam)).toBe(Date.UTC(2026, 5, 30, 5));
  });

  it("reads broker accounts from their password files", () => {
    expect(model.broker).toEqual({
      host: "127.0.0.1",
      port: 0,
      anonymous: "deny",
      accounts: [{ username: "ops", password: "fixture-secret", role: "operator" }],
    });
  });

  it("freezes the model, its sections and each door and device", () => {
    const objects: [string, object][] = [
      ["model", model],
      ["site", model.site],
      ["broker", model.broker],
      ["broker.accounts", model.broker.accounts],
      ["core", model.core],
      ...[...model.core.doors.values()].flatMap((d): [string, object][] => [
        [`door ${d.id}`, d],
        [`door ${d.id} groups`, d.groups],
        [`door ${d.id} readers`, d.readers],
      ]),
      ...[...model.devices.values()].map((d): [string, object] => [`device ${d.id}`, d]),
    ];
    expect(objects.length).toBeGreaterThan(15);
    const thawed = objects.filter(([, o]) => !Object.isFrozen(o)).map(([name]) => name);
    expect(thawed).toEqual([]);
  });
});

describe("loadSite: three independent schema mistakes in three files", () => {
  const dir = fixture("three-mistakes");
  const problems = problemsOf(loadSite({ configDir: dir }));

  it("reports exactly those three, each at its file and line", () => {
    expect(problems).toEqual([
      matcher(dir, ["devices.yaml", 6, 5, "devices.1.colour", "unknown key"]),
      matcher(dir, ["doors.yaml", 7, 5, "doors.0.strike_ms", 'expected number, received string "five seconds"']),
      matcher(dir, ["people.yaml", 5, 5, "cardholders.0.role", /^expected one of .*"staff".*"contractor"/]),
    ]);
  });
});

describe("loadSite: three independent cross-reference mistakes in three files", () => {
  const dir = fixture("three-reference-mistakes");
  const problems = problemsOf(loadSite({ configDir: dir }));

  it("reports exactly those three, each at its file and line", () => {
    expect(problems).toEqual([
      matcher(dir, ["devices.yaml", 4, 19, "devices.1.model", NO_TELEPORTER]),
      matcher(dir, ["doors.yaml", 6, 5, "doors.0.contact", 'no device "dc-front"']),
      matcher(dir, ["people.yaml", 9, 32, "cardholders.0.access_groups.1", 'no access group "night-shift"']),
    ]);
  });
});

describe("loadSite: cross-reference problems", () => {
  const dir = fixture("bad-references");
  const problems = problemsOf(loadSite({ configDir: dir }));
  const secret = join(dir, "secrets", "missing.password");

  const CASES: [name: string, expected: Expected][] = [
    ["duplicate device id", ["devices.yaml", 3, 7, "devices.1.id", 'duplicate id "rdr-a"']],
    ["unknown catalog model", ["devices.yaml", 8, 20, "devices.6.model", NO_TELEPORTER]],
    [
      "sim device given serial settings",
      ["devices.yaml", 9, 45, "devices.7.serial", 'model sim/panic-button is a sim device; remove "serial"'],
    ],
    ["reader slot naming a lock", ["doors.yaml", 9, 22, "doors.1.readers.1", 'device "lk-b" is a lock, not a reader']],
    ["device used by two doors", ["doors.yaml", 10, 5, "doors.1.contact", 'device "dc-a" already serves door "door-a"']],
    ["access group naming a missing door", ["people.yaml", 3, 21, "access_groups.0.doors.1", 'no door "door-z"']],
    ["holder naming a missing group", ["people.yaml", 8, 31, "cardholders.0.access_groups.1", 'no access group "ghosts"']],
    ["facility 300 in h10301", ["people.yaml", 10, 9, "cardholders.0.badges.0", /^does not fit h10301: facility .*0\.\.255/]],
    ["valid_from after valid_until", ["people.yaml", 15, 5, "cardholders.1.valid_until", "must be after valid_from"]],
    ["the same badge on two holders", ["people.yaml", 22, 9, "cardholders.2.badges.0", 'badge already belongs to "h-2"']],
    ["duplicate cardholder id", ["people.yaml", 23, 5, "cardholders.3.id", 'duplicate id "h-3"']],
    ["missing password file", ["site.yaml", 8, 7, "broker.users.0.password_file", `cannot read secret file ${secret}: no such file`]],
  ];

  it.each(CASES)("%s", (_name, expected) => {
    expect(problems).toContainEqual(matcher(dir, expected));
  });

  it("reports nothing else, sorted by file and line", () => {
    expect(problems).toEqual(CASES.map(([, expected]) => matcher(dir, expected)));
  });
});

describe("loadSite: unreadable sources", () => {
  it("regression: a syntax error in doors.yaml also reported people.yaml naming a missing door", () => {
    const dir = fixture("syntax-error");
    const problems = problemsOf(loadSite({ configDir: dir }));
    // The parser notices the unclosed list at the end of the file (line 6, after the last line).
    expect(problems).toEqual([matcher(dir, ["doors.yaml", 6, 1, "", /^a \[list\] or \{mapping\} is not closed: .*\(YAML: Flow sequence .* end with a \]\)$/])]);
  });

  it("says in words that --config names a file, not the directory of the site's files", () => {
    const file = join(fixture("valid-small"), "site.yaml");
    expect(problemsOf(loadSite({ configDir: file }))).toEqual([
      { file, line: 1, col: 1, path: "", message: "cannot read configuration directory: it is a file, not a directory: give the directory that holds the site's *.yaml files" },
    ]);
  });

  it("regression: a missing config directory also reported the site section as missing", () => {
    const dir = fixture("no-such-dir");
    const problems = problemsOf(loadSite({ configDir: dir }));
    expect(problems).toEqual([
      { file: dir, line: 1, col: 1, path: "", message: text(/^cannot read configuration directory: no such file$/) },
    ]);
  });

  it("a missing catalog root is reported, and the models it should have held are unknown", () => {
    const catalog = fixture("no-such-catalog");
    const problems = problemsOf(loadSite({ configDir: fixture("valid-small"), catalogDirs: [catalog] }));
    expect(problems[0]).toEqual({ file: catalog, line: 1, col: 1, path: "", message: text(/^cannot read catalog: /) });
    expect(problems.slice(1).map((p) => p.path)).toEqual(Array.from({ length: 9 }, (_, i) => `devices.${i}.model`));
  });
});
