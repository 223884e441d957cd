import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EventPayload } from "../../src/bus/topics.js";
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
});
