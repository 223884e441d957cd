/**
 * Write the JSON Schema files of the MQTT API (docs/schema/*.json) from its zod schemas, and remove
 * files no schema produces any more. Run after changing a payload: `npm run schema`.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonSchemaFiles, SCHEMA_DIR } from "../src/tools/json-schemas.js";

const files = jsonSchemaFiles();
mkdirSync(SCHEMA_DIR, { recursive: true });
for (const name of readdirSync(SCHEMA_DIR)) {
  if (name.endsWith(".json") && !files.has(name)) rmSync(join(SCHEMA_DIR, name));
}
for (const [name, text] of files) writeFileSync(join(SCHEMA_DIR, name), text);
console.log(`${files.size} schema files in ${SCHEMA_DIR}`);
