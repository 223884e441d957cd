import { describe, expect, it } from "vitest";
import { pathPattern, reportLines } from "../../src/source/problem-groups.js";
import { formatProblem, type Problem } from "../../src/source/problems.js";

function problem(line: number, path: string, message: string): Problem {
  return { file: "people.yaml", line, col: 5, path, message };
}

const report = (ps: readonly Problem[], maxLines = 200): string[] => reportLines(ps, formatProblem, "problem", { perKind: 5, maxLines });

/** `people.yaml:line:5: path: message` for a problem made by `problem`. */
const shown = (p: Problem): string => formatProblem(p);

describe("pathPattern", () => {
  it.each([
    ["cardholders.1232.role", "cardholders.*.role"],
    ["doors.2.readers.10", "doors.*.readers.*"],
    ["0.a", "*.a"],
    ["site.timezone", "site.timezone"],
    ["devices.rdr2.id", "devices.rdr2.id"],
    ["", ""],
  ])("%s → %s", (path, pattern) => {
    expect(pathPattern(path)).toBe(pattern);
  });
});

describe("reportLines", () => {
  it("shows a few problems of one kind, then counts the rest right after them, in the problems' order", () => {
    const roles = Array.from({ length: 12 }, (_, i) => problem(10 + 2 * i, `cardholders.${i}.role`, `expected one of "student"|"staff", got "${i % 2 ? "Student" : "teacher"}"${i % 2 ? ' (did you mean "student"?)' : ""}`));
    const other = problem(13, "cardholders.1.badges.0", "badge already belongs to \"h-2\"");
    const all = [...roles.slice(0, 2), other, ...roles.slice(2)];
    expect(report(all)).toEqual([
      ...all.slice(0, 6).map(shown),
      "… and 7 more like this (cardholders.*.role)",
    ]);
  });

  it("keeps problems of other messages or other fields apart, and shows every one of a small report", () => {
    const ps = [
      ...Array.from({ length: 5 }, (_, i) => problem(i + 1, `doors.${i}.strike_ms`, "Too small: expected number to be >=500, got 1")),
      problem(7, "doors.5.strike_ms", "expected number, received string \"slow\""),
      problem(8, "doors.5.held_open_ms", "Too small: expected number to be >=1000, got 1"),
    ];
    expect(report(ps)).toEqual(ps.map(shown));
  });

  it("counts problems of a file as a whole by their message", () => {
    const ps = Array.from({ length: 7 }, (_, i) => ({ ...problem(1, "", "cardholders are given in YAML or in cardholders_file, not both"), file: `f${i}.yaml` }));
    expect(report(ps).slice(5)).toEqual(["… and 2 more like this (the same message)"]);
  });

  it("stays within its lines however many kinds there are, and counts what it left out", () => {
    const ps = Array.from({ length: 10_000 }, (_, i) => problem(i + 1, `doors.${i}.key${i}`, "unknown key"));
    const lines = report(ps);
    expect(lines).toHaveLength(200);
    expect(lines.slice(0, 199)).toEqual(ps.slice(0, 199).map(shown));
    expect(lines[199]).toBe("… and 9801 more problems not shown; fix these first");
  });

  it("keeps a kind's count with its problems when the lines run out", () => {
    const ps = [
      ...Array.from({ length: 3 }, (_, i) => problem(i + 1, `a${i}`, "unknown key")),
      ...Array.from({ length: 9 }, (_, i) => problem(10 + i, `doors.${i}.id`, "duplicate id")),
    ];
    // Lines for a0..a2 and four ids; the fifth id needs two lines and only the last (the count) is left.
    expect(report(ps, 8)).toEqual([...ps.slice(0, 7).map(shown), "… and 5 more problems not shown; fix these first"]);
    expect(report(ps, 9)).toEqual([...ps.slice(0, 8).map(shown), "… and 4 more like this (doors.*.id)"]);
  });
});
