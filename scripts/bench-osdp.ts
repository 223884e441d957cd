/**
 * Benchmark of OSDP readers on a bus, as the gateway runs them:
 * - `osdp_frame_to_decision_p50_us` / `osdp_frame_to_decision_p99_us`: the last byte of a RAW card
 *   read (sealed under Secure Channel) handed to the control panel → the decision core's decision on
 *   the badge, through the real bus, reader state machine, MAC check and decryption, the reader's
 *   device driver and `decide` of a compiled two-door site, over READS reads. The bus is simulated
 *   on a clock the bench moves (no port): the serial hop and the wire come on top (an exchange is
 *   ~27 ms at 9600 baud), and the core's output path is measured by bench-badge. On a machine
 *   shared with other work the tail is the scheduler's (the bench preempted mid-read) and the young
 *   generation's collections (a scavenge landing inside a read): read it with the load average.
 * - `osdp_poll_period_ms_8pd` / `osdp_poll_period_ms_8pd_1dead`: the mean poll period of reader 0 of
 *   eight on one bus at 9600 baud (~30 ms an exchange), from 2 s to 20 s, all answering and with
 *   reader 7 silent from the start; `osdp_poll_period_ratio_1dead` the second over the first (a dead
 *   reader must not take the bus: at most 2).
 *
 * `npx tsx --v8-pool-size=1 scripts/bench-osdp.ts` prints one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadSite } from "../src/config/load-site.js";
import { encodeBits } from "../src/core/badge.js";
import { createDecider } from "../src/core/decide.js";
import type { Input } from "../src/core/inputs.js";
import { initialState } from "../src/core/state.js";
import type { DeviceModel } from "../src/config/runtime-model.js";
import type { DeviceDriver, DriverContext } from "../src/drivers/driver.js";
import { OsdpDevice } from "../src/drivers/osdp/osdp-device.js";
import { OsdpPorts } from "../src/drivers/osdp/osdp-port.js";
import { Command } from "../src/drivers/osdp/codes.js";
import { silentLogger } from "../src/util/log.js";
import { ManualTimers } from "../test/helpers/manual-timers.js";
import { cpSite, pairedKey, sentCommands, sim, type CpSite } from "../test/helpers/osdp-cp-site.js";
import { storeReaderKey, writeOsdpSite } from "../test/helpers/osdp-gateway-site.js";
import { SimReader } from "../test/helpers/osdp-reader.js";
import { SimWire } from "../test/helpers/osdp-wire.js";

/** Reads measured; enough for a p99 that rests on twenty samples. */
const READS = 2000;
/** Reads before measuring, so that JIT compilation and first-use costs are not counted. */
const WARMUP = 200;
/** Simulated time per read: two poll intervals, so the reader is surely polled once. */
const STEP_MS = 100;
/** About 9600 baud: a secure POLL and its ACK are some 30 bytes on the wire, ~30 ms with turnaround. */
const EXCHANGE_MS = 30;

/** The q-quantile of the samples (nearest rank). */
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Card reads at the front door's reader, from the RAW reply's last byte to the core's decision (µs). */
async function frameToDecision(dir: string): Promise<number[]> {
  const readers = [
    { id: "rdr-front", address: 0, secure: "required" },
    { id: "rdr-side", address: 1, secure: "required" },
  ] as const;
  for (const r of readers) storeReaderKey(dir, r.id, pairedKey(r.address));
  const loaded = loadSite({ configDir: writeOsdpSite(dir, "/dev/osdp-bench", readers) });
  if (!loaded.ok) throw new Error(`bench site invalid: ${JSON.stringify(loaded.problems)}`);
  const model = loaded.model;
  const timers = new ManualTimers();
  const wire = new SimWire(timers);
  const sims = readers.map((r) => new SimReader(wire, { address: r.address, key: pairedKey(r.address) }));
  let handedAt = 0;
  const link = {
    write: (bytes: Uint8Array) => wire.write(bytes),
    // Each reply arrives in one chunk: the time it is handed over is its last byte's.
    onData: (receive: (chunk: Uint8Array) => void) =>
      wire.onData((chunk) => {
        handedAt = performance.now();
        receive(chunk);
      }),
    start: async () => undefined,
    stop: async () => undefined,
  };
  const decide = createDecider(model.core);
  let state = initialState(model.core);
  const samples: number[] = [];
  const emit = (input: Input): void => {
    state = decide(state, input, timers.now()).state;
    if (input.kind === "badge") samples.push((performance.now() - handedAt) * 1000);
  };
  const ports = new OsdpPorts({ openLink: () => link, timers, dataDir: dir, log: silentLogger() });
  // The driver uses emit and log only; the broker and topics are for simulated devices.
  const ctx = { emit, log: silentLogger() } as unknown as DriverContext;
  const drivers = readers.map((r) => createDriverFor(r.id, ctx, ports, model.devices));
  for (const d of drivers) await d.start();
  timers.advance(2000);
  const badge = encodeBits("h10301", 1, 1234);
  for (let i = 0; i < WARMUP + READS; i++) {
    sims[0]?.queueCard(badge);
    timers.advance(STEP_MS);
    // The simulated wire keeps every packet for tests to inspect; here that is only garbage to copy.
    wire.written.length = 0;
  }
  for (const d of drivers) await d.stop();
  if (samples.length !== WARMUP + READS) throw new Error(`${samples.length} of ${WARMUP + READS} reads decided`);
  return samples.slice(WARMUP);
}

/** The driver of one configured reader on its bus. */
function createDriverFor(id: string, ctx: DriverContext, ports: OsdpPorts, devices: ReadonlyMap<string, DeviceModel>): DeviceDriver {
  const device = devices.get(id);
  if (device === undefined || device.settings.transport !== "osdp" || device.settings.port === null) throw new Error(`no OSDP reader ${id}`);
  return new OsdpDevice(device, ctx, ports.of(device.settings.port));
}

/** Mean time between polls of reader 0 within [2 s, 20 s) on a bus of eight, reader 7 silent or not. */
function pollPeriod(deadReader: boolean): number {
  const site: CpSite = cpSite([0, 1, 2, 3, 4, 5, 6, 7].map((address) => ({ address, latencyMs: EXCHANGE_MS })));
  if (deadReader) sim(site, 7).silent = true;
  site.bus.start();
  site.timers.advance(20_000);
  site.bus.stop();
  const at = sentCommands(site, 0)
    .filter((s) => s.code === Command.POLL && s.at >= 2000 && s.at < 20_000)
    .map((s) => s.at);
  return ((at.at(-1) ?? 0) - (at[0] ?? 0)) / (at.length - 1);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-osdp-"));
  try {
    const sorted = (await frameToDecision(dir)).sort((a, b) => a - b);
    const all = pollPeriod(false);
    const dead = pollPeriod(true);
    const round = (x: number): number => Math.round(x * 1000) / 1000;
    const figures = {
      osdp_frame_to_decision_p50_us: round(quantile(sorted, 0.5)),
      osdp_frame_to_decision_p99_us: round(quantile(sorted, 0.99)),
      osdp_reads: sorted.length,
      osdp_poll_period_ms_8pd: round(all),
      osdp_poll_period_ms_8pd_1dead: round(dead),
      osdp_poll_period_ratio_1dead: round(dead / all),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
