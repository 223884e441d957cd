import { chmodSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSite, type LoadResult } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const VALID = fileURLToPath(new URL("../fixtures/config/valid-small", import.meta.url));
const cleanups = cleanupsAfterEach();

/** valid-small, its site's time zone written as given (and its password file at a mode), loaded. */
function loadWithZone(timezone: string, passwordMode = 0o600): LoadResult {
  const dir = tempDir(cleanups, "gatehouse-tz-");
  cpSync(VALID, dir, { recursive: true });
  chmodSync(join(dir, "secrets", "ops.password"), passwordMode);
  const site = join(dir, "site.yaml");
  writeFileSync(site, readFileSync(site, "utf8").replace("timezone: America/Chicago", `timezone: ${timezone}`));
  return loadSite({ configDir: dir });
}

/** What is said about site.timezone, as `line:col: message`, problems first. */
function said(result: LoadResult): string[] {
  return [...result.problems, ...result.warnings].filter((p) => p.path === "site.timezone").map((p) => `${p.line}:${p.col}: ${p.message}`);
}

const NO_DST = "with no daylight saving, so schedules would run an hour off for half the year wherever clocks change; name the site's region";

describe("site.timezone", () => {
  it.each([
    ["America/Chigaco", "America/Chicago"],
    ["America/New_Yrok", "America/New_York"],
    ["Europe/Berln", "Europe/Berlin"],
    ["UTC-5", "America/New_York"],
    ["GMT-06:00", "America/Chicago"],
  ])("regression: %s got no did you mean", (written, meant) => {
    const result = loadWithZone(written);
    expect(result.ok).toBe(false);
    expect(said(result)).toEqual([`5:3: unknown IANA time zone, got "${written}" (did you mean "${meant}"?)`]);
  });

  it("names nothing for a name close to none", () => {
    expect(said(loadWithZone("Springfield"))).toEqual(['5:3: unknown IANA time zone, got "Springfield"']);
    expect(said(loadWithZone('"+05:30"'))).toEqual(['5:3: unknown IANA time zone, got "+05:30"']);
  });

  it.each([
    ["EST", "-05:00", 'likely "America/New_York"'],
    ["MST", "-07:00", 'likely "America/Denver" ("America/Phoenix" in Arizona)'],
    ["HST", "-10:00", 'likely "Pacific/Honolulu"'],
    ["Etc/GMT+5", "-05:00", 'likely "America/New_York"'],
    ["Etc/GMT-3", "+03:00", "as Area/City"],
  ])("regression: %s, a fixed offset, loaded without a word; it warns and names the likely zone", (written, offset, instead) => {
    const result = loadWithZone(written);
    expect(result.ok).toBe(true);
    expect(said(result)).toEqual([`5:3: "${written}" is a fixed offset (UTC${offset}) ${NO_DST}, ${instead}`]);
  });

  it("regression: america/chicago was accepted silently; it warns with the spelling", () => {
    const result = loadWithZone("america/chicago");
    expect(result.ok).toBe(true);
    expect(said(result)).toEqual(['5:3: spelled "America/Chicago" in the time zone database; other systems may not accept "america/chicago"']);
  });

  it.each([["America/Chicago"], ["EST5EDT"], ["UTC"], ["Pacific/Honolulu"], ["America/Phoenix"]])("%s loads without a word", (written) => {
    const result = loadWithZone(written);
    expect(result.ok).toBe(true);
    expect(said(result)).toEqual([]);
  });

  it("is warned about in file order with the other warnings", () => {
    const result = loadWithZone("EST", 0o644);
    // site.yaml: the time zone on line 5, the password file on line 11.
    expect(result.warnings.map((w) => `${w.line}: ${w.path}`)).toEqual(["5: site.timezone", "11: broker.users.0.password_file"]);
  });
});
