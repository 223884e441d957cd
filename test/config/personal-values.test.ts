import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { formatProblem } from "../../src/source/problems.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const SMALL = fileURLToPath(new URL("../fixtures/config/valid-small", import.meta.url));
const cleanups = cleanupsAfterEach();

/** The report lines of valid-small with its people.yaml edited. */
function reportWith(edit: (people: string) => string): string[] {
  const dir = tempDir(cleanups, "gatehouse-personal-");
  cpSync(SMALL, dir, { recursive: true });
  const path = join(dir, "people.yaml");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  const result = loadSite({ configDir: dir });
  if (result.ok) throw new Error("expected problems");
  return result.problems.map(formatProblem);
}

describe("check reports never repeat a cardholder's personal data", () => {
  it("regression: a badge number of the wrong type was quoted in the report the journal keeps", () => {
    const lines = reportWith((t) => t.replace("number: 45678", "number: 4567x"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cardholders\.0\.badges\.0\.number: .*\(value not shown: personal data\)$/);
    expect(lines.join("\n")).not.toContain("4567x");
  });

  it("hides a bad PIN and a name of the wrong type, and still quotes a mistyped role", () => {
    const lines = reportWith((t) =>
      t.replace("name: Pat Doe", "name: 12345").replace("role: staff", 'role: staf\n    pin: "12x4"'),
    );
    const text = lines.join("\n");
    expect(text).not.toContain("12x4");
    expect(text).not.toMatch(/got 12345|received number 12345/);
    expect(lines.filter((l) => l.includes("(value not shown: personal data)"))).toHaveLength(2);
    expect(text).toContain('got "staf" (did you mean "staff"?)');
  });
});
