#!/usr/bin/env -S node --v8-pool-size=1
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatProblem, sortProblems, type Problem } from "./source/problems.js";
import { REPORT_LIMITS, reportLines } from "./source/problem-groups.js";
import { loadSite, type LoadResult } from "./config/load-site.js";
import { createLogger, type Logger } from "./util/log.js";
import { GatewayError } from "./util/errors.js";
import { startGateway } from "./main.js";
import { loadCatalog } from "./catalog/load.js";
import { HELPER_THREADS_OPTION, helperThreadsChosen } from "./util/helper-threads.js";
import { backgroundOtherThreads } from "./util/thread-priority.js";
import { VERSION } from "./util/version.js";
import type { ToolIo } from "./tools/sign-command.js";

const HELP = `gatehouse ${VERSION}: school-security edge gateway

Usage:
  gatehouse run   --config <dir> [--data-dir <dir>] [--catalog <dir>]...   run the gateway
  gatehouse check --config <dir> [--data-dir <dir>] [--catalog <dir>]...   validate the configuration and the device catalog
  gatehouse devices [--catalog <dir>]... [--json]       list serial ports and USB HID devices, with matching models
  gatehouse sign-command --key <file> --key-id <id> --operator <name> --site <id> --request <name> <json | ->
                                                        sign a district command (payload on stdout)
  gatehouse keygen --out <prefix>                       a district operator's key pair: <prefix>.key, <prefix>.pub
  gatehouse passwd [--password-file <f>] <file> <user>  add a broker user to a mosquitto password file, or change their password
  gatehouse passwd --delete <file> <user>               remove a broker user from a mosquitto password file
  gatehouse report --config <dir> [--data-dir <dir>] --from <date> --to <date> [--format json|csv|html] [--out <file>]
                                                        a report over whole days of the audit log (default html)
  gatehouse drills --config <dir> [--data-dir <dir>] [--year <YYYY-YY>] [--format text|json]
                                                        the school year's drills: done, due (with deadline), overdue
  gatehouse drills --config <dir> [--data-dir <dir>] --export <drill id> [--format csv|html] [--out <file>]
                                                        one drill record as the state's drill form
  gatehouse verify-log --data-dir <dir> [--config <dir>] [--head <seq>:<hash>]   check the audit log's hash chain (read-only)
  gatehouse --help | --version

Options:
  --config <dir>    the site's configuration directory (every *.yaml in it)
  --data-dir <dir>  where the gateway writes: relative storage paths resolve here and none may
                    leave it (default: the configuration directory; /var/lib/gatehouse in the unit)
  --catalog <dir>   device catalog root(s); default: the catalog shipped in devices/
  --log-level <l>   override logging.level (fatal, error, warn, info, debug, trace)
  --json            devices: print JSON instead of a table
  --password-file <f>  passwd: read the password from this file's first line (else asked twice on
                    a terminal, or read from stdin's first line)
  --delete          passwd: remove the user
  --head <seq>:<h>  verify-log: also check the log against a head published on state/audit

Exit status: 0 on success or a clean stop, 1 on configuration problems or a failed start, 2 on bad usage.`;

interface Options {
  config?: string;
  "data-dir"?: string;
  catalog?: string[];
  "log-level"?: string;
  head?: string;
  help?: boolean;
  json?: boolean;
  version?: boolean;
  delete?: boolean;
  "password-file"?: string;
}

function usage(message: string): never {
  process.stderr.write(`gatehouse: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

function load(opts: Options, catalogModels: "all" | "used" = "all"): LoadResult {
  if (opts.config === undefined) usage("--config <dir> is required");
  const result = loadSite({
    configDir: opts.config,
    catalogModels,
    ...(opts.catalog ? { catalogDirs: opts.catalog } : {}),
    ...(opts["data-dir"] !== undefined ? { dataDir: opts["data-dir"] } : {}),
  });
  // A deprecated name is reported with the warnings, so that it is changed before it goes.
  return { ...result, warnings: sortProblems([...result.warnings, ...result.deprecations]) };
}

/** Lines of a report of a check, whatever the number of problems: the rest are counted. */
const MAX_REPORT_LINES = 200;

/** Most lines of warnings, so that problems are still shown. */
const MAX_WARNING_LINES = 50;

/**
 * The warnings and, if the site did not load, the problems and their count: problems of one kind
 * shown a few times then counted, and the whole bounded (see reportLines).
 */
function report(result: LoadResult): string[] {
  const warning = (w: Problem): string => formatProblem({ ...w, message: `warning: ${w.message}` });
  const lines = reportLines(result.warnings, warning, "warning", { ...REPORT_LIMITS, maxLines: MAX_WARNING_LINES });
  if (result.ok) return lines;
  const n = result.problems.length;
  const limits = { ...REPORT_LIMITS, maxLines: MAX_REPORT_LINES - lines.length - 1 };
  lines.push(...reportLines(result.problems, formatProblem, "problem", limits));
  lines.push(`${n} problem${n === 1 ? "" : "s"}: the gateway will not start with this configuration`);
  return lines;
}

/** The report of a check is its output (stdout), so that it can be saved or paged; exit 1 on problems. */
function check(opts: Options): number {
  const result = load(opts);
  for (const line of report(result)) process.stdout.write(`${line}\n`);
  if (!result.ok) return 1;
  const m = result.model;
  process.stdout.write(
    `${opts.config}: OK: site ${m.site.id}, ${m.core.doors.size} doors, ${m.devices.size} devices, ` +
      `${m.core.credentials.badgeCount} badges\n`,
  );
  return 0;
}

async function run(opts: Options): Promise<void> {
  // Only the catalog models the site uses: `check` (the unit's ExecStartPre) reads the whole catalog.
  const result = load(opts, "used");
  if (!result.ok) {
    // A daemon that will not start says why where its failures go.
    for (const line of report(result)) process.stderr.write(`${line}\n`);
    process.exit(1);
  }
  const log = createLogger({ level: opts["log-level"] ?? result.model.logLevel });
  for (const w of result.warnings) log.warn({ file: w.file, line: w.line, field: w.path }, w.message);
  if (!helperThreadsChosen()) {
    log.warn(`node runs without ${HELPER_THREADS_OPTION}: its four helper threads may crowd door decisions off the cores while a credential list is applied (see systemd/gatehouse.service)`);
  }
  // Signals are taken from the first moment: a stop asked for while the gateway starts (systemd
  // stopping a unit that is still coming up) waits for the start to finish, then stops cleanly.
  let started: Promise<Awaited<ReturnType<typeof startGateway>> | null> | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    const gateway = await started;
    if (gateway === null) return; // the start failed: its handler exits 1
    await gateway.stop();
    log.info("stopped");
    log.flush(() => process.exit(0));
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  started = startGateway({ model: result.model, log }).catch((err: unknown) => {
    // A GatewayError says what to do in its message: a stack would only bury it. Anything else is a bug.
    if (err instanceof GatewayError) log.fatal({ code: err.code, reason: err.message }, "gateway failed to start");
    else log.fatal({ err }, "gateway failed to start");
    log.flush(() => process.exit(1));
    return null;
  });
  if ((await started) !== null && !stopping) backgroundNodeThreads(log);
}

/**
 * Door decisions run on this thread: node's own threads give the CPU up to it. Done once the gateway
 * has started, not before: it runs `chrt` once per thread, a few hundred ms on a busy two-core board,
 * which would otherwise hold back the outputs at a cold start.
 */
function backgroundNodeThreads(log: Logger): void {
  const moved = backgroundOtherThreads();
  if (moved.nice + moved.none > 0) log.warn({ threads: moved }, "some of node's threads could not be put in the idle scheduling class (is chrt installed?)");
  else log.info({ threads: moved }, "node's own threads run in the idle scheduling class");
}

/** Commands with options of their own, each loaded only when run. */
const KEY_TOOLS: Record<string, () => Promise<(args: string[], io: ToolIo) => Promise<number>>> = {
  "sign-command": async () => (await import("./tools/sign-command.js")).runSignCommand,
  keygen: async () => (await import("./tools/keygen.js")).runKeygen,
  report: async () => (await import("./tools/report.js")).runReport,
  drills: async () => (await import("./tools/drills.js")).runDrills,
};

/** The usage lines of one command (its lines of HELP, with their continuations). */
function commandHelp(name: string): string {
  const lines: string[] = [];
  let inside = false;
  for (const line of HELP.split("\n")) {
    if (line.startsWith("  gatehouse ")) inside = line.startsWith(`  gatehouse ${name} `);
    else if (!line.startsWith("    ")) inside = false;
    if (inside) lines.push(line);
  }
  return `Usage:\n${lines.join("\n")}\n\nEvery option: gatehouse --help\n`;
}

async function main(argv: string[]): Promise<void> {
  const tool = argv[0] === undefined ? undefined : KEY_TOOLS[argv[0]];
  if (tool !== undefined && argv.slice(1).some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(commandHelp(argv[0] ?? ""));
    process.exit(0);
  }
  if (tool !== undefined) {
    const io = { write: (d: string | Uint8Array) => process.stdout.write(d), error: (t: string) => process.stderr.write(t), stdin: () => readFileSync(0) };
    process.exit(await (await tool())(argv.slice(1), io));
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        "data-dir": { type: "string" },
        catalog: { type: "string", multiple: true },
        "log-level": { type: "string" },
        head: { type: "string" },
        help: { type: "boolean", short: "h" },
        json: { type: "boolean" },
        version: { type: "boolean" },
        delete: { type: "boolean" },
        "password-file": { type: "string" },
      },
    });
  } catch (err) {
    usage((err as Error).message);
  }
  const opts = parsed.values as Options;
  const [command, ...rest] = parsed.positionals;
  if (opts.version) return void process.stdout.write(`${VERSION}\n`);
  if (opts.help && command !== undefined && HELP.includes(`  gatehouse ${command} `)) return void process.stdout.write(commandHelp(command));
  if (opts.help || command === undefined || command === "help") return void process.stdout.write(`${HELP}\n`);
  if (command === "passwd") {
    const [file, username, extra] = rest;
    if (file === undefined || username === undefined) usage("passwd needs <file> <user>");
    if (extra !== undefined) usage(`unexpected argument "${extra}"`);
    // The password file tool is loaded by this command only.
    const { runPasswdCommand } = await import("./tools/passwd.js");
    const request = { file, username, delete: opts.delete === true, ...(opts["password-file"] === undefined ? {} : { passwordFile: opts["password-file"] }) };
    process.exit(await runPasswdCommand(request, { stdin: process.stdin, stderr: process.stderr }));
  }
  if (rest.length > 0) usage(`unexpected argument "${rest[0]}"`);
  if (command === "check") process.exit(check(opts));
  if (command === "run") return run(opts);
  if (command === "devices") {
    const { catalog } = loadCatalog(opts.catalog);
    // Serial port and USB listing are loaded by this command only.
    const { runDevicesCommand } = await import("./tools/list-devices.js");
    process.exit(await runDevicesCommand({ json: opts.json === true, catalog, write: (t) => process.stdout.write(t) }));
  }
  if (command === "verify-log") {
    const { runVerifyLog } = await import("./tools/verify-log.js");
    const { config, "data-dir": dataDir, catalog, head } = opts;
    const out = (t: string) => void process.stdout.write(t);
    const err = (t: string) => void process.stderr.write(t);
    process.exit(runVerifyLog({ ...(config && { config }), ...(dataDir && { dataDir }), ...(catalog && { catalog }), ...(head && { head }), out, err }));
  }
  usage(`unknown command "${command}"`);
}

await main(process.argv.slice(2));
