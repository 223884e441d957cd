/**
 * Memory of `gatehouse check` on a generated site of 100,000 cardholders from a CSV export: the peak
 * RSS of the check process, as /usr/bin/time measures it (GNU time; the figure is skipped without it).
 * Prints one JSON object as its last line.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The size of a large district's biggest school list, the figure the memory target is set for. */
const HOLDERS = 100_000;
const GNU_TIME = "/usr/bin/time";

async function run(cmd: string, args: string[]): Promise<string> {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.setEncoding("utf8").on("data", (t: string) => (err += t));
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${code}: ${err.slice(-500)}`);
  return err;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-config-"));
  try {
    const site = join(dir, "site");
    const node = [process.execPath, ...process.execArgv];
    await run(node[0] ?? "node", [...node.slice(1), fileURLToPath(new URL("./gen-site.ts", import.meta.url)), site, "--count", String(HOLDERS), "--format", "csv"]);
    const figures: Record<string, number> = {};
    if (existsSync(GNU_TIME)) {
      const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
      const out = await run(GNU_TIME, ["-f", "maxrss_kb=%M", ...node, cli, "check", "--config", site]);
      const kb = Number(/maxrss_kb=(\d+)/.exec(out)?.[1]);
      // KiB to MB (10^6 bytes), one decimal.
      figures["check_rss_mb_100k"] = Math.round((kb * 1024) / 1e5) / 10;
    }
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
