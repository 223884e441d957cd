import { describe, expect, it } from "vitest";
import { csvRecords } from "../../src/config/csv.js";

const all = (text: string) => [...csvRecords(text)];

describe("csvRecords (RFC 4180)", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and counts lines across them", () => {
    const text = '\ufeffid,name\r\n1,"Doe, ""Pat""\r\nJr."\r\n2,Sam\r\n';
    expect(all(text)).toEqual([
      { fields: ["id", "name"], lines: [1, 1] },
      { fields: ["1", 'Doe, "Pat"\r\nJr.'], lines: [2, 2] },
      { fields: ["2", "Sam"], lines: [4, 4] },
    ]);
  });

  it("reads LF line ends, empty fields and a last line without a line end", () => {
    expect(all("a,,c\n,b,")).toEqual([
      { fields: ["a", "", "c"], lines: [1, 1, 1] },
      { fields: ["", "b", ""], lines: [2, 2, 2] },
    ]);
  });

  it("reports a stray quote and text after a closing quote at their field, and reads on at the next line", () => {
    expect(all('a,b"c\n"x"y,z\nok,1\n')).toEqual([
      { fields: ["a"], lines: [1, 1], error: { col: 2, message: expect.stringMatching(/^a quote inside a field/) as string } },
      { fields: [], lines: [2], error: { col: 1, message: expect.stringMatching(/^text after a closing quote/) as string } },
      { fields: ["ok", "1"], lines: [3, 3] },
    ]);
  });

  it("reports a quote never closed once, at the line the field starts", () => {
    expect(all('a,b\n1,"open\n2,3\n')).toEqual([
      { fields: ["a", "b"], lines: [1, 1] },
      { fields: ["1"], lines: [2, 2], error: { col: 2, message: "a quoted field is never closed" } },
    ]);
  });
});
