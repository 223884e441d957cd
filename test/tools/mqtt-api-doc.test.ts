import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EventPayload } from "../../src/bus/event-payloads.js";
import { encodeBits, type BadgeFormat } from "../../src/core/badge.js";
import { wireSchemas } from "../../src/tools/json-schemas.js";

/** The wire schema file name of a doc heading's topic (`event/alarm` → `event-alarm`), or undefined for other headings. */
function schemaName(heading: string): string | undefined {
  const topic = /^#+ `([a-z_/<>]+)`/.exec(heading)?.[1];
  if (topic === undefined) return undefined;
  const [first, second] = topic.split("/");
  if (first === "status") return "status";
  if ((first === "event" || first === "state") && second !== undefined && second !== "<type>") return `${first}-${second}`;
  return undefined;
}

/** The JSON examples of docs/mqtt-api.md by schema name: each object in a json block starts a line with `{`. */
function examples(): Map<string, unknown[]> {
  const text = readFileSync("docs/mqtt-api.md", "utf8");
  const found = new Map<string, unknown[]>();
  let name: string | undefined;
  let inBlock = false;
  let current: string[] = [];
  const flush = () => {
    if (name !== undefined && current.length > 0) found.set(name, [...(found.get(name) ?? []), JSON.parse(current.join("\n")) as unknown]);
    current = [];
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) name = schemaName(line);
    else if (line === "```json") inBlock = true;
    else if (inBlock && line === "```") (flush(), (inBlock = false));
    else if (inBlock && line.startsWith("{")) (flush(), current.push(line));
    else if (inBlock) current.push(line);
  }
  return found;
}

describe("docs/mqtt-api.md", () => {
  const docs = examples();

  it("shows an example payload of every event type", () => {
    const types = EventPayload.options.map((o) => o.shape.type.value);
    expect(types.filter((t) => (docs.get(`event-${t}`) ?? []).length === 0)).toEqual([]);
  });

  it("gives examples of the status and state topics and every event type that match their schemas", () => {
    const schemas = wireSchemas();
    expect([...docs.keys()].sort()).toEqual(expect.arrayContaining(["status", "state-site", "state-door", "state-device", "state-uplink"]));
    const wrong = [...docs].flatMap(([name, bodies]) =>
      bodies.flatMap((body) => {
        const result = schemas.get(name)?.schema.safeParse(body);
        return result?.success === true ? [] : [{ name, body, issues: result?.error.issues ?? "no schema" }];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it("the README's and docs' request commands send payloads their published request schemas accept", () => {
    const schemas = wireSchemas();
    const found: { file: string; name: string; body: unknown }[] = [];
    for (const file of ["README.md", ...readdirSync("docs").filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)]) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\/request\/([a-z_]+)\s*\\?\s*-m\s+'([^']+)'/g)) {
        found.push({ file, name: m[1] ?? "", body: JSON.parse(m[2] ?? "") as unknown });
      }
    }
    expect(found.length).toBeGreaterThanOrEqual(3);
    const refused = found.filter(({ name, body }) => schemas.get(`request-${name}`)?.schema.safeParse(body).success !== true);
    expect(refused).toEqual([]);
  });

  it("an access example's raw bits are the encoding of its facility code and number", () => {
    const credentials = (docs.get("event-access") ?? []).map((e) => (e as { credential?: { format: string; facility: number; number: number; raw: string } }).credential);
    const shown = credentials.filter((c) => c !== undefined && c.raw !== undefined);
    expect(shown.length).toBeGreaterThan(0);
    for (const c of shown) if (c !== undefined) expect(c.raw).toBe(encodeBits(c.format as Exclude<BadgeFormat, "raw">, c.facility, c.number));
  });
});
