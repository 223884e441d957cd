/**
 * Benchmark of door decisions while the embedded broker is abused:
 * - `decision_p99_us_quiet`: a badge read sent by a "reader" thread → the door's lock output set by the
 *   gateway's decision, in µs from the moment it was sent, p99 over READS reads, with the broker idle:
 *   the machine's own noise and the decision's cost;
 * - `decision_p99_us_under_broker_abuse`: the same while another process floods the broker: failed
 *   logins from hundreds of addresses (wrong passwords for the real user, made-up users), logged-in
 *   clients spraying malformed requests until they are dropped, connections churned, garbage and
 *   oversized packets;
 * - `decision_abuse_ratio`: the second over the first (target: at most 2);
 * - `wake_p99_us_quiet`, `wake_p99_us_under_broker_abuse`: the machine's floor for both: the same
 *   message from the reader thread, answered by the gateway's thread at once with no decision, so
 *   that what the flood costs the machine (a thread waking on a busy two-core board) can be told from
 *   what it costs the gateway;
 * - `abuse_attempts_per_s`: how many abusive connections the flood made a second.
 * The gateway is the demo site with its account's password stored as a mosquitto hash, as a school's
 * would be, so failed logins cost what they cost there. The reads come from a worker thread as a
 * reader's bytes come from the kernel: as events on the gateway's loop, late when the loop is busy.
 *
 * `npx tsx --v8-pool-size=1 scripts/bench-abuse.ts` prints one JSON object.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { encodePasswordHash, hashPassword } from "../src/bus/password-hash.js";
import { encodeBits } from "../src/core/badge.js";
import type { SimDevice } from "../src/drivers/sim/sim-device.js";
import { startGateway } from "../src/main.js";
import { silentLogger } from "../src/util/log.js";
import { backgroundOtherThreads, backgroundThread } from "../src/util/thread-priority.js";
import { demoAccount, demoModel, SCHOOL_HOURS } from "../test/helpers/demo-site.js";
import { hardwareOn } from "../test/helpers/hardware.js";
import { ManualTimers } from "../test/helpers/manual-timers.js";
import { floodBroker, type FloodCount } from "./bench-abuse-flood.js";

/** Reads measured per phase; enough for a p99 that rests on ten samples. */
const READS = 1000;
/** Reads before measuring, so that JIT compilation and first-use costs are not counted. */
const WARMUP = 200;
/** The reader thread's pause between a decision and the next read: the audit commit's fsync comes first. */
const READ_GAP_MS = 5;
/** The demo door's strike time: the bench moves the gateway's clock past it to relock between reads. */
const STRIKE_MS = 5000;
/** How long the flood runs before reads are measured, so that it is at full strength. */
const RAMP_MS = 1000;

/** The reader thread: on each "next", waits READ_GAP_MS then sends a read, stamped with the absolute time it was sent. */
const READER = `
const { parentPort } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
parentPort.on("message", (m) => {
  if (m === "stop") return parentPort.close();
  setTimeout(() => parentPort.postMessage(performance.timeOrigin + performance.now()), ${READ_GAP_MS});
});
`;

/** The q-quantile of the samples (nearest rank). */
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/**
 * Read sent → lock output set, in µs, for `n` reads from the reader thread, each submitted by
 * `submit`; `unlocked` resolves with the time of the next unlock, `relock` ends the strike.
 */
async function measure(n: number, submit: () => void, unlocked: () => Promise<number>, relock: () => void): Promise<number[]> {
  const reader = new Worker(READER, { eval: true });
  const samples: number[] = [];
  await new Promise<void>((resolve, reject) => {
    reader.on("message", (sentAt: number) => {
      const at = unlocked();
      submit();
      void at.then((t) => {
        samples.push((t - sentAt) * 1000);
        relock();
        if (samples.length === n) resolve();
        else reader.postMessage("next");
      }, reject);
    });
    reader.postMessage("next");
  });
  reader.postMessage("stop");
  await once(reader, "exit");
  return samples;
}

/** A function that resolves with the absolute time of the lock's next unlock; rejects if none comes within a second. */
function watchUnlocks(lock: SimDevice): () => Promise<number> {
  let waiting: ((at: number) => void) | null = null;
  const setActive = lock.setActive.bind(lock);
  lock.setActive = (active: boolean): void => {
    if (active) waiting?.(performance.timeOrigin + performance.now());
    setActive(active);
  };
  return () =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("a read did not unlock the door")), 1000);
      waiting = (at) => {
        clearTimeout(timer);
        waiting = null;
        resolve(at);
      };
    });
}

/** The flood, in a process of its own (as an attacker is a machine of its own): started, then stopped with its count. */
function startFlood(port: number, username: string, password: string): { stop: () => Promise<FloodCount> } {
  const child = fork(fileURLToPath(import.meta.url), ["--flood"], { execArgv: process.execArgv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  child.send({ port, username, password });
  return {
    stop: async () => {
      const counted = once(child, "message") as Promise<[FloodCount]>;
      child.send("stop");
      const [count] = await counted;
      child.disconnect();
      return count;
    },
  };
}

async function main(): Promise<void> {
  const demo = demoModel();
  const account = demoAccount(demo.model);
  const passwordHash = encodePasswordHash(await hashPassword(account.password));
  const model = { ...demo.model, broker: { ...demo.model.broker, accounts: [{ username: account.username, role: "admin" as const, passwordHash }] } };
  // As `gatehouse run` does once started: this thread decides, node's own threads yield to it.
  backgroundOtherThreads();
  const timers = new ManualTimers(SCHOOL_HOURS);
  const gateway = await startGateway({ model, log: silentLogger(), hardware: hardwareOn(timers), clockSync: async () => true });
  try {
    const badge = { kind: "badge", reader: "rdr-main-outer-ext", read: { kind: "bits", bits: encodeBits("h10301", 123, 45678) } } as const;
    const submit = (): void => gateway.submit(badge);
    const lock = gateway.drivers.get("lk-main-outer") as SimDevice;
    const unlocked = watchUnlocks(lock);
    const relock = (): void => {
      timers.advance(STRIKE_MS);
      if (lock.isActive) throw new Error("the strike did not relock");
    };
    const run = (n: number): Promise<number[]> => measure(n, submit, unlocked, relock);
    const now = async (): Promise<number> => performance.timeOrigin + performance.now();
    const wake = (): Promise<number[]> => measure(READS, () => undefined, now, () => undefined);
    await run(WARMUP);
    const quiet = (await run(READS)).sort((a, b) => a - b);
    const quietWake = (await wake()).sort((a, b) => a - b);
    const flood = startFlood(gateway.port, account.username, account.password);
    await new Promise((resolve) => setTimeout(resolve, RAMP_MS));
    const started = performance.now();
    const abused = (await run(READS)).sort((a, b) => a - b);
    const abusedWake = (await wake()).sort((a, b) => a - b);
    const seconds = (performance.now() - started) / 1000 + RAMP_MS / 1000;
    const count = await flood.stop();
    const round = (us: number): number => Math.round(us * 10) / 10;
    const figures = {
      decision_p50_us_quiet: round(quantile(quiet, 0.5)),
      decision_p99_us_quiet: round(quantile(quiet, 0.99)),
      decision_p50_us_under_broker_abuse: round(quantile(abused, 0.5)),
      decision_p99_us_under_broker_abuse: round(quantile(abused, 0.99)),
      decision_abuse_ratio: Math.round((quantile(abused, 0.99) / quantile(quiet, 0.99)) * 100) / 100,
      wake_p99_us_quiet: round(quantile(quietWake, 0.99)),
      wake_p99_us_under_broker_abuse: round(quantile(abusedWake, 0.99)),
      abuse_attempts_per_s: Math.round(count.attempts / seconds),
      abuse_refused_logins: count.refusedLogins,
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await gateway.stop();
    demo.cleanup();
  }
}

if (process.argv.includes("--flood")) {
  // The attacker is a machine of its own: here its CPU comes last, so that what is measured is what
  // the abuse costs the gateway, not what making it costs this machine. Its threads go to the idle
  // scheduling class (threads started later inherit it): a merely niced process keeps a CPU until the
  // scheduler's next tick, and on two cores that tick is the gateway's wait for a CPU, not the abuse.
  backgroundThread();
  backgroundOtherThreads();
  const [opts] = (await once(process, "message")) as [{ port: number; username: string; password: string }];
  const flood = floodBroker(opts.port, opts.username, opts.password);
  await once(process, "message"); // "stop"
  process.send?.(await flood.stop());
} else {
  await main();
}
