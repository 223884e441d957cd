/**
 * Writes a generated site for memory measurements: the demo school with `count` student cardholders,
 * given either as YAML (`people.yaml`) or as a CSV export (`people.csv`, named by
 * `cardholders_file`, which replaces the demo's own cardholders).
 *
 *   npx tsx scripts/gen-site.ts <out-dir> [--count 100000] [--format csv|yaml]
 *
 * The storage path is relative (`gatehouse.db`), so `run --data-dir <dir>` puts the store there.
 */
import { cpSync, createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const DEMO = fileURLToPath(new URL("../config/demo", import.meta.url));

/** Student `i`: one H10304 badge, unique by facility (2^19 numbers each) and number. */
function student(i: number): { id: string; name: string; badge: [number, number] } {
  // 2^19 card numbers fit H10304's 19-bit field; the facility changes every 2^19 students.
  return { id: `s-${String(i).padStart(7, "0")}`, name: `Student ${i}`, badge: [2000 + Math.floor(i / 2 ** 19), i % 2 ** 19] };
}

function csvLine(i: number): string {
  const s = student(i);
  return `${s.id},${s.name},student,active,,,students,,,h10304:${s.badge[0]}:${s.badge[1]}\n`;
}

function yamlEntry(i: number): string {
  const s = student(i);
  return `  - id: ${s.id}\n    name: ${s.name}\n    role: student\n    access_groups: [students]\n    badges:\n      - { format: h10304, facility: ${s.badge[0]}, number: ${s.badge[1]} }\n`;
}

/** Write `count` lines made by `line`, honouring the stream's back-pressure. */
async function writeLines(path: string, head: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  out.write(head);
  for (let i = 0; i < count; i++) {
    if (!out.write(line(i))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { count: { type: "string", default: "100000" }, format: { type: "string", default: "csv" } },
  });
  const dir = positionals[0];
  const count = Number(values.count);
  if (dir === undefined || !Number.isInteger(count) || count < 0 || !["csv", "yaml"].includes(values.format)) {
    throw new Error("usage: gen-site.ts <out-dir> [--count N] [--format csv|yaml]");
  }
  cpSync(DEMO, dir, { recursive: true });
  const site = join(dir, "site.yaml");
  writeFileSync(site, readFileSync(site, "utf8").replace(/path: \S+gatehouse\.db/, "path: gatehouse.db").replace(/port: 1883/, "port: 0"));
  const people = join(dir, "people.yaml");
  const text = readFileSync(people, "utf8");
  if (values.format === "csv") {
    // A site names its cardholders in YAML or in one CSV file, not both: the demo's give way.
    writeFileSync(people, `${text.slice(0, text.indexOf("\ncardholders:"))}\ncardholders_file: people.csv\n`);
    const head = "id,name,role,status,valid_from,valid_until,access_groups,pin,extended_unlock,badges\n";
    await writeLines(join(dir, "people.csv"), head, count, csvLine);
  } else {
    // cardholders is the last section of the demo's people.yaml: new entries extend its list.
    await writeLines(people, text.endsWith("\n") ? text : `${text}\n`, count, yamlEntry);
  }
}

await main();
