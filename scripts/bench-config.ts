/**
 * Memory of loading a site of 100,000 cardholders, given as a CSV export and as a `people.yaml` list:
 * - `check_rss_mb_100k` (CSV) and `check_rss_mb_100k_yaml`: the peak RSS of `gatehouse check`, as
 *   /usr/bin/time measures it (GNU time; the check figures are skipped without it);
 * - `run_rss_mb_100k` (CSV) and `run_rss_mb_100k_yaml`: the peak RSS of `gatehouse run` from its
 *   start until it logs "gateway online", read from the kernel's high-water mark (VmHWM in
 *   /proc/<pid>/status, the figure GNU time reports at exit) just before it is stopped with SIGTERM;
 * - `node_rss_mb_baseline`: `node -e 0` measured the same way, in the same run: the price of a bare
 *   node process, to read the figures against.
 * The gateway runs as the product does, `node --v8-pool-size=1 dist/cli.js` (`npm run -s build`
 * first); without dist/ it runs `src/cli.ts` through tsx, whose compiler adds tens of MB to every
 * figure, and says so on stderr. Prints one JSON object as its last line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The size of a large district's biggest school list, the figure the memory target is set for. */
const HOLDERS = 100_000;
const GNU_TIME = "/usr/bin/time";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** As the systemd unit starts the gateway. */
const NODE_OPTIONS = ["--v8-pool-size=1"];
/** Give up on a start that takes this long: something is broken, not slow. */
const GIVE_UP_MS = 300_000;

type Format = "csv" | "yaml";

/** The command line of the gateway: the built CLI, or the sources through tsx when there is no build. */
function cli(): string[] {
  const dist = join(ROOT, "dist/cli.js");
  if (existsSync(dist)) return [...NODE_OPTIONS, dist];
  process.stderr.write("bench-config: no dist/cli.js (npm run -s build); measuring src/cli.ts through tsx, which weighs more\n");
  return [...NODE_OPTIONS, "--import", "tsx", join(ROOT, "src/cli.ts")];
}

async function exec(cmd: string, args: string[]): Promise<string> {
  const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr?.setEncoding("utf8").on("data", (t: string) => (err += t));
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${code}: ${err.slice(-500)}`);
  return err;
}

/** KiB to MB (10^6 bytes), one decimal. */
const mb = (kib: number): number => Math.round((kib * 1024) / 1e5) / 10;

/** Peak RSS (MB) of a command run to its end under GNU time. */
async function timedRss(args: string[]): Promise<number> {
  const out = await exec(GNU_TIME, ["-f", "maxrss_kb=%M", process.execPath, ...args]);
  return mb(Number(/maxrss_kb=(\d+)/.exec(out)?.[1]));
}

/** The peak RSS so far (MB) of a running process, from the kernel's high-water mark. */
function peakRss(pid: number): number {
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kib === undefined) throw new Error(`no VmHWM for process ${pid}`);
  return mb(Number(kib));
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = once(child, "exit");
  child.kill("SIGTERM");
  await exit;
}

/** Peak RSS (MB) of `gatehouse run` on `site` from its start until it says it is online. */
async function runRss(gateway: readonly string[], site: string, dataDir: string): Promise<number> {
  const args = [...gateway, "run", "--config", site, "--data-dir", dataDir, "--log-level", "info"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gatehouse run never came online: ${tail}`)), GIVE_UP_MS);
      const seen = (text: string): void => {
        tail = (tail + text).slice(-2000);
        if (!tail.includes('"gateway online"')) return;
        clearTimeout(timer);
        resolve(peakRss(child.pid ?? 0));
      };
      child.stdout?.setEncoding("utf8").on("data", seen);
      child.stderr?.setEncoding("utf8").on("data", (text: string) => (tail = (tail + text).slice(-2000)));
      child.on("exit", (code) => reject(new Error(`gatehouse run exited with ${code} before it came online: ${tail}`)));
    });
  } finally {
    await stopped(child);
  }
}

async function generate(dir: string, format: Format): Promise<string> {
  const site = join(dir, `site-${format}`);
  const gen = fileURLToPath(new URL("./gen-site.ts", import.meta.url));
  await exec(process.execPath, [...process.execArgv, gen, site, "--count", String(HOLDERS), "--format", format]);
  return site;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-config-"));
  try {
    const figures: Record<string, number> = {};
    const suffix = { csv: "", yaml: "_yaml" } as const;
    const hasTime = existsSync(GNU_TIME);
    const gateway = cli();
    if (hasTime) figures["node_rss_mb_baseline"] = await timedRss([...NODE_OPTIONS, "-e", "0"]);
    for (const format of ["csv", "yaml"] as const) {
      const site = await generate(dir, format);
      if (hasTime) figures[`check_rss_mb_100k${suffix[format]}`] = await timedRss([...gateway, "check", "--config", site]);
      figures[`run_rss_mb_100k${suffix[format]}`] = await runRss(gateway, site, join(dir, `data-${format}`));
    }
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
