/**
 * Benchmark of a badge at a door, as the gateway sees it:
 * - `badge_to_unlock_p50_ms` / `badge_to_unlock_p99_ms`: a Wiegand converter's text frame written
 *   to one end of a socat pty pair → the lock output set at its driver, through the real serialport
 *   binding, framing, Wiegand decoder, engine (decision) and output path of a whole gateway, over
 *   READS reads.
 * - `pty_floor_p50_ms` / `pty_floor_p99_ms`: the same frame written → its bytes read by a bare
 *   serial port stream on the gateway's binding, before the gateway starts: what socat's relay and
 *   the kernel cost alone, to read the figures above against (on a Pi the converter is a USB serial device
 *   and this hop is the USB driver's instead).
 *
 * The lock is the catalog's simulated strike, whose driver keeps the level it is given: the gateway
 * receives no GPIO from outside, so a GPIO relay cannot be faked here, and the sim driver stands in
 * for it at the same place (the engine's output call). The wire itself comes on top of these figures:
 * a 26-bit Wiegand frame takes up to 26 × 2 ms at the slowest pulse interval, plus the ~25 ms of
 * silence that ends it, and converters add their own buffering, so a reader's card-to-converter time
 * is 50–80 ms before the first byte reaches the gateway. The gateway's own share should stay well
 * below that floor.
 *
 * The audit store sits in the system's temp directory on disk, as a gateway's sits on its SD card.
 * The lock moves before the decision's events are written through (synchronous = FULL), so that
 * commit's fsync is not part of the figure; it still takes its time on the event loop right after
 * the output, before the next input is read. The tail follows the pty floor's: on a busy machine both
 * wait for the scheduler (socat's relay, the binding's read).
 *
 * `npx tsx --v8-pool-size=1 scripts/bench-badge.ts` prints one JSON object.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { SerialPortStream } from "@serialport/stream";
import { realSerialBinding } from "../src/drivers/serial/binding.js";
import { loadSite } from "../src/config/load-site.js";
import type { SimDevice } from "../src/drivers/sim/sim-device.js";
import { silentLogger } from "../src/util/log.js";
import { startGateway } from "../src/main.js";
import { backgroundOtherThreads } from "../src/util/thread-priority.js";
import type { TimerApi } from "../src/time/timers.js";
import { writeSerialSite } from "../test/helpers/serial-site.js";
import { hardwareOn } from "../test/helpers/hardware.js";

/** Reads measured; enough for a p99 that rests on ten samples. */
const READS = 1000;
/** Reads before measuring, so that JIT compilation and first-use costs are not counted. */
const WARMUP = 100;
/** The strike time of the bench door; the bench moves its clock past it to relock between reads. */
const STRIKE_MS = 500;
/**
 * The pause before each read. One reader cannot send frames closer together than its wire allows
 * (a 26-bit frame and the silence that ends it take 50 ms or more), and the decision's audit commit
 * (an fsync) runs on the event loop right after the output: a read sent the instant the lock moved
 * would measure the previous read's commit, which no real badge meets.
 */
const READ_GAP_MS = 20;
/** FC 123 / CN 45678 as an H10301 frame, the way the generic converter writes it. */
const FRAME = "26:2F764DD\r\n";

/** Real time, except that the bench can move the clock forward to fire the relock at once. */
class SteppedTimers implements TimerApi {
  private offset = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;

  now(): number {
    return Date.now() + this.offset;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.due.set(id, { at: this.now() + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }

  /** Move the clock forward by `ms` and fire what is due, earliest first. */
  advance(ms: number): void {
    this.offset += ms;
    const ready = [...this.due.entries()].filter(([, t]) => t.at <= this.now()).sort((a, b) => a[1].at - b[1].at);
    for (const [id, t] of ready) {
      this.due.delete(id);
      t.fn();
    }
  }
}

/** Start socat with a pty pair linked at `gw` and `dev`; resolves once both links exist. */
async function ptyPair(gw: string, dev: string): Promise<ChildProcess> {
  const proc = spawn("/usr/bin/socat", [`pty,raw,echo=0,link=${gw}`, `pty,raw,echo=0,link=${dev}`], { stdio: "ignore" });
  // socat makes the links a few ms after it starts; a script may poll where a test may not.
  while (!existsSync(gw) || !existsSync(dev)) {
    if (proc.exitCode !== null) throw new Error(`socat exited with ${proc.exitCode}`);
    await sleep(5);
  }
  return proc;
}

/** The q-quantile of the samples (nearest rank). */
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Frame written → its last byte read by a bare serialport on `gw`, in ms, for READS frames. */
async function ptyFloor(gw: string, dev: string): Promise<number[]> {
  const port = new SerialPortStream({ binding: realSerialBinding(), path: gw, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const fd = openSync(dev, "w");
  const samples: number[] = [];
  try {
    for (let i = 0; i < WARMUP + READS; i++) {
      let got = 0;
      const read = new Promise<number>((resolve) => {
        const onData = (chunk: Buffer): void => {
          got += chunk.length;
          if (got < FRAME.length) return;
          port.off("data", onData);
          resolve(performance.now());
        };
        port.on("data", onData);
      });
      await sleep(READ_GAP_MS);
      const start = performance.now();
      writeSync(fd, FRAME);
      const end = await read;
      if (i >= WARMUP) samples.push(end - start);
    }
  } finally {
    closeSync(fd);
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
  return samples;
}

/** Every read's frame-written → lock-set time, in ms, after the warm-up. */
async function measure(dev: string, lock: SimDevice, timers: SteppedTimers): Promise<number[]> {
  let unlocked: ((at: number) => void) | null = null;
  const setActive = lock.setActive.bind(lock);
  lock.setActive = (active: boolean): void => {
    if (active) unlocked?.(performance.now());
    setActive(active);
  };
  const fd = openSync(dev, "w");
  const samples: number[] = [];
  try {
    for (let i = 0; i < WARMUP + READS; i++) {
      await sleep(READ_GAP_MS);
      const at = new Promise<number>((resolve) => (unlocked = resolve));
      const start = performance.now();
      writeSync(fd, FRAME);
      const end = await at;
      if (i >= WARMUP) samples.push(end - start);
      // Relock before the next read, so that each read moves the output.
      timers.advance(STRIKE_MS);
      if (lock.isActive) throw new Error("the strike did not relock");
    }
  } finally {
    closeSync(fd);
  }
  return samples;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-badge-"));
  const socat = await ptyPair(join(dir, "gw"), join(dir, "dev"));
  try {
    const gw = join(dir, "gw");
    const dev = join(dir, "dev");
    const floor = (await ptyFloor(gw, dev)).sort((a, b) => a - b);
    const loaded = loadSite({ configDir: writeSerialSite(dir, gw, STRIKE_MS) });
    if (!loaded.ok) throw new Error(`bench site invalid: ${JSON.stringify(loaded.problems)}`);
    const timers = new SteppedTimers();
    // The bench runs 500 s of gateway time in a few seconds of real time: the time service check (one
    // `timedatectl` spawn a minute on a gateway, a few ms of the event loop each) would come a hundred
    // times as often as on a gateway and set the tail. It answers "synchronised" here without a spawn.
    const gateway = await startGateway({ model: loaded.model, log: silentLogger(), hardware: hardwareOn(timers), clockSync: async () => true });
    // As `gatehouse run` does once started: this thread decides, node's own threads yield to it.
    backgroundOtherThreads();
    try {
      const lock = gateway.drivers.get("lk-front") as SimDevice;
      const sorted = (await measure(dev, lock, timers)).sort((a, b) => a - b);
      const round = (ms: number): number => Math.round(ms * 1000) / 1000;
      const figures = {
        badge_to_unlock_p50_ms: round(quantile(sorted, 0.5)),
        badge_to_unlock_p99_ms: round(quantile(sorted, 0.99)),
        badge_reads: sorted.length,
        pty_floor_p50_ms: round(quantile(floor, 0.5)),
        pty_floor_p99_ms: round(quantile(floor, 0.99)),
      };
      process.stdout.write(`${JSON.stringify(figures)}\n`);

    } finally {
      await gateway.stop();
    }
  } finally {
    const exited = once(socat, "exit");
    socat.kill();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
