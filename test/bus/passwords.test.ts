import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { passwordMatches, readSecretFile } from "../../src/bus/passwords.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();

function secretFile(content: string): string {
  const dir = tempDir(cleanups, "gatehouse-secret-");
  const path = join(dir, "secret");
  writeFileSync(path, content);
  return path;
}

describe("readSecretFile", () => {
  it("reads the first line, trimmed", () => {
    expect(readSecretFile(secretFile("  s3cret \nsecond line\n"))).toBe("s3cret");
    expect(readSecretFile(secretFile("crlf\r\n"))).toBe("crlf");
    expect(readSecretFile(secretFile("no-newline"))).toBe("no-newline");
  });

  it("throws CONFIG_READ naming a missing file", () => {
    const path = join(tmpdir(), "gatehouse-no-such-secret-file");
    expect(() => readSecretFile(path)).toThrow(
      expect.objectContaining({ code: "CONFIG_READ", message: expect.stringContaining(path) }),
    );
  });

  it("throws CONFIG_READ naming a file whose first line is blank", () => {
    for (const content of ["", "   \nlater\n", "\n"]) {
      const path = secretFile(content);
      expect(() => readSecretFile(path)).toThrow(
        expect.objectContaining({ code: "CONFIG_READ", message: expect.stringContaining(path) }),
      );
    }
  });
});

describe("passwordMatches", () => {
  const rows: readonly [expected: string, presented: Buffer | string | undefined, result: boolean][] = [
    ["s3cret", "s3cret", true],
    ["s3cret", Buffer.from("s3cret"), true],
    ["pässwörd", Buffer.from("pässwörd", "utf8"), true],
    ["s3cret", "s3cret ", false],
    ["s3cret", "S3cret", false],
    ["s3cret", "s3cre", false],
    ["s3cret", "", false],
    ["s3cret", undefined, false],
    // an empty expected password (a config mistake) never lets anyone in
    ["", "", false],
    ["", Buffer.alloc(0), false],
    ["", undefined, false],
  ];
  for (const [expected, presented, result] of rows) {
    it(`${JSON.stringify(expected)} vs ${JSON.stringify(presented?.toString())} → ${result}`, () => {
      expect(passwordMatches(expected, presented)).toBe(result);
    });
  }
});
