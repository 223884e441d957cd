import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { namedGroups, patternError, SerialTransport } from "../../../src/catalog/transport-serial.js";
import { acmeHead, tempCatalogPerTest } from "../../helpers/temp-catalog.js";

describe("serial transport schema", () => {
  it("documents its defaults: 9600 8N1, CR/LF lines of 256 bytes, stale after 1 s", () => {
    const t = SerialTransport.parse({
      type: "serial",
      framing: { type: "delimiter" },
      decoder: { type: "ascii_card" },
    });
    expect(t).toEqual({
      type: "serial",
      baud_rate: 9600,
      data_bits: 8,
      parity: "none",
      stop_bits: 1,
      rtscts: false,
      framing: { type: "delimiter", delimiters: ["\r", "\n"], max_length: 256, text_only: true, stale_ms: 1000 },
      decoder: { type: "ascii_card", pattern: "^(?<digits>[0-9]{1,20})$", ignore: [] },
    });
  });

  it("finds named groups, not lookbehinds", () => {
    expect([...namedGroups("^(?<=x)(?<count>\\d+):(?<!y)(?<hex>[0-9A-F]+)$")]).toEqual(["count", "hex"]);
    expect(patternError("^(?<count>\\d+")).toBe("Unterminated group");
    expect(patternError("^ok$")).toBeNull();
  });
});

describe("loadCatalog: serial models with mistakes", () => {
  const tmp = tempCatalogPerTest("gatehouse-serial-catalog-");

  function write(name: string, kind: string, transport: readonly string[]): void {
    tmp.write(`${name}.yaml`, [...acmeHead(name, kind), "transport:", ...transport.map((l) => `  ${l}`)]);
  }

  const file = (name: string): string => tmp.problemFile(`${name}.yaml`);

  it("names file, line and field of a bad regex, a missing group, an unknown group", () => {
    const serial = ["type: serial", "framing: { type: delimiter }"];
    write("bad-regex", "reader", [...serial, "decoder:", "  type: wiegand_text", "  pattern: '^(?<count>[0-9+:(?<hex>.*)$'"]);
    write("no-value", "reader", [...serial, "decoder:", "  type: wiegand_text", "  pattern: '^(?<count>[0-9]+):.*$'"]);
    write("typo", "metal_detector", [
      ...serial,
      "decoder:",
      "  type: screening_lines",
      "  patterns:",
      "    alarm: '^ALARM Z(?<zone>[0-9]+)$'",
    ]);
    write("good", "reader", [...serial, "decoder: { type: ascii_card }"]);

    const { catalog, problems } = loadCatalog([tmp.root]);

    expect([...catalog.models.keys()]).toEqual(["acme/good"]);
    expect(problems).toEqual([
      {
        file: file("bad-regex"),
        line: 10,
        col: 5,
        path: "transport.decoder.pattern",
        message: expect.stringMatching(/^invalid regular expression: Unterminated character class$/) as string,
      },
      {
        file: file("no-value"),
        line: 10,
        col: 5,
        path: "transport.decoder.pattern",
        message: "a count group needs a hex or value group",
      },
      {
        file: file("typo"),
        line: 11,
        col: 7,
        path: "transport.decoder.patterns.alarm",
        message: "unknown named group zone (allowed: zones, passages, alarms)",
      },
    ]);
  });

  it("a check-in window without a check-in pattern, and a detector without alarm or passage, are problems", () => {
    const serial = ["type: serial", "framing: { type: delimiter }"];
    write("panic", "panic", [
      ...serial,
      "decoder:",
      "  type: panic_receiver",
      "  patterns: { alarm: '^ALARM$' }",
      "  checkin_timeout_ms: 60000",
    ]);
    write("wtmd", "metal_detector", [...serial, "decoder:", "  type: screening_lines", "  patterns: { trouble: '^ERR$' }"]);
    write("stx", "reader", ["type: serial", "framing: { type: start_end, start: 3 }", "decoder: { type: ascii_card }"]);
    const messages = loadCatalog([tmp.root]).problems.map((p) => `${basename(p.file)}:${p.line} ${p.path}: ${p.message}`);
    expect(messages).toEqual([
      "panic.yaml:10 transport.decoder.patterns: checkin_timeout_ms needs a checkin pattern",
      "stx.yaml:7 transport.framing.end: start and end must differ",
      "wtmd.yaml:10 transport.decoder.patterns: needs an alarm or a passage pattern",
    ]);
  });
});
