/**
 * `gatehouse verify-log`: check the audit log's hash chain, read-only, also while the gateway runs
 * (WAL: the check reads one consistent snapshot and blocks no write). Prints the count and head when
 * the chain holds; else the first break with its seq, and exits 1.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import BetterSqlite3 from "better-sqlite3";
import { loadSite } from "../config/load-site.js";
import { HexHash } from "../store/audit-chain.js";
import { verifyChain, type ChainReport, type PublishedHead } from "../store/chain-verify.js";
import { userVersion } from "../store/database.js";
import { CHAIN_VERSION } from "../store/migrations.js";

/** What the command is given. */
export interface VerifyLogOptions {
  readonly config?: string;
  readonly dataDir?: string;
  readonly catalog?: readonly string[];
  /** `<seq>:<hash>`, a head published on `state/audit`. */
  readonly head?: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Run the check; the exit status: 0 the chain holds, 1 it does not or the store cannot be read, 2 bad usage. */
export function runVerifyLog(opts: VerifyLogOptions): number {
  const head = opts.head === undefined ? undefined : parseHead(opts.head);
  if (head === null) return (opts.err("gatehouse verify-log: --head must be <seq>:<64 hex digits>\n"), 2);
  const path = storePath(opts);
  if (typeof path !== "string") return (opts.err(`gatehouse verify-log: ${path.problem}\n`), path.status);
  let db;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    return (opts.err(`${path}: cannot open: ${(err as Error).message}\n`), 1);
  }
  try {
    db.pragma("busy_timeout = 5000");
    const version = userVersion(db);
    if (version < CHAIN_VERSION) return (opts.err(`${path}: schema version ${version} has no hash chain; a gateway of this version adds it at start\n`), 1);
    const started = performance.now();
    const report = verifyChain(db, head);
    const seconds = (performance.now() - started) / 1000;
    opts.out(`${path}: ${describe(report, seconds)}\n`);
    return report.broken === null ? 0 : 1;
  } catch (err) {
    opts.err(`${path}: cannot verify: ${(err as Error).message}\n`);
    return 1;
  } finally {
    db.close();
  }
}

function parseHead(text: string): PublishedHead | null {
  const m = /^(\d+):(.+)$/.exec(text);
  const hash = m?.[2]?.toLowerCase();
  if (m === null || hash === undefined || !HexHash.safeParse(hash).success) return null;
  return { seq: Number(m[1]), hash };
}

/** The store: the site configuration's `storage.path`, or `gatehouse.db` in the data directory. */
function storePath(opts: VerifyLogOptions): string | { problem: string; status: number } {
  if (opts.config === undefined) {
    if (opts.dataDir === undefined) return { problem: "--data-dir <dir> or --config <dir> is required", status: 2 };
    return join(opts.dataDir, "gatehouse.db");
  }
  const result = loadSite({
    configDir: opts.config,
    catalogModels: "used",
    ...(opts.catalog ? { catalogDirs: [...opts.catalog] } : {}),
    ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
  });
  if (!result.ok) return { problem: `the configuration in ${opts.config} does not load (gatehouse check says why)`, status: 1 };
  return result.model.storagePath;
}

function describe(r: ChainReport, seconds: number): string {
  const from = r.checkpoint.origin === "genesis" ? `the genesis after seq ${r.checkpoint.seq}` : `the checkpoint at seq ${r.checkpoint.seq} (pruned)`;
  const before = r.unchained > 0 ? `; ${r.unchained} older events stored before the chain began are not covered` : "";
  const took = `in ${seconds.toFixed(2)} s`;
  if (r.broken !== null) return `BROKEN at seq ${r.broken.seq}: ${r.broken.reason} (${r.checked} events verified from ${from} before it, ${took})`;
  return `OK: ${r.checked} events chained from ${from}, head seq ${r.head.seq} ${r.head.hash}${before} (${took})`;
}
