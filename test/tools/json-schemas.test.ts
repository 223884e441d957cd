import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EventPayload } from "../../src/bus/event-payloads.js";
import type { EventBody } from "../../src/core/events.js";
import { jsonSchemaFiles, SCHEMA_DIR } from "../../src/tools/json-schemas.js";

/** Compile-time: the wire schemas cover every event body type, and no other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventTypesMatch: Same<EventBody["type"], EventPayload["type"]> = true;

describe("the JSON Schema files of the MQTT API", () => {
  const generated = jsonSchemaFiles();

  it("committed files drifted from the zod schemas: each matches its regenerated text (run npm run schema)", () => {
    const drifted = [...generated].filter(([name, text]) => {
      try {
        return readFileSync(join(SCHEMA_DIR, name), "utf8") !== text;
      } catch {
        return true;
      }
    });
    expect(drifted.map(([name]) => name)).toEqual([]);
    const stale = readdirSync(SCHEMA_DIR).filter((name) => name.endsWith(".json") && !generated.has(name));
    expect(stale).toEqual([]);
  });

  it("has one file per event type", () => {
    expect(eventTypesMatch).toBe(true);
    const types = EventPayload.options.map((o) => o.shape.type.value).sort();
    expect(types.map((t) => `event-${t}.json`).filter((name) => !generated.has(name))).toEqual([]);
  });
});
