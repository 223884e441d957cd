import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTextFile } from "../../src/source/text-file.js";
import { readYamlFile } from "../../src/source/yaml-source.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();

const SITE = "site:\n  id: lincoln-es\n  name: Lincoln Elementary\n  timezone: America/Chicago\n";

/** The bytes written to a fresh file; its path. */
function fileOf(bytes: Buffer): string {
  const path = join(tempDir(cleanups, "gatehouse-text-"), "site.yaml");
  writeFileSync(path, bytes);
  return path;
}

/** UTF-16 big-endian bytes of text (node encodes only little-endian). */
function utf16be(text: string): Buffer {
  return Buffer.from(text, "utf16le").swap16();
}

const SAVE_AS = 'save it as UTF-8 (in Notepad: Save As, Encoding "UTF-8")';

describe("readTextFile on a UTF-16 file", () => {
  it.each([
    ["little-endian with a byte-order mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SITE, "utf16le")]), "little-endian"],
    ["big-endian with a byte-order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SITE)]), "big-endian"],
    ["little-endian without a mark", Buffer.from(SITE, "utf16le"), "little-endian"],
    ["big-endian without a mark", utf16be(SITE), "big-endian"],
  ])("regression: %s was called binary; it is named UTF-16", (_label, bytes, order) => {
    expect(readTextFile(fileOf(bytes), "site.yaml")).toEqual({
      problem: { file: "site.yaml", line: 1, col: 1, path: "", message: `a UTF-16 (${order}) text file; ${SAVE_AS}` },
    });
  });

  it("says the same when the file is read as YAML", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SITE, "utf16le")]);
    const { file, problems } = readYamlFile(fileOf(bytes), "site.yaml");
    expect(file).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual([`a UTF-16 (little-endian) text file; ${SAVE_AS}`]);
  });

  it("still calls a file with scattered NUL bytes binary, and reads UTF-8 as it is", () => {
    const junk = Buffer.from("site:\n  id: a\0b\n  name: \0\0x\n");
    expect(readTextFile(fileOf(junk), "site.yaml")).toEqual({
      problem: { file: "site.yaml", line: 2, col: 8, path: "", message: "not a UTF-8 text file (a NUL byte here); is it binary?" },
    });
    expect(readTextFile(fileOf(Buffer.from(SITE)), "site.yaml")).toEqual({ text: SITE });
  });
});
