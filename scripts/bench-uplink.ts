/**
 * Uplink benchmark: how fast a backlog drains to the district broker, and how soon a panic event
 * reaches a district subscriber, on a quiet link and while a 100,000-event backlog drains. Run alone with `npx tsx scripts/bench-uplink.ts` (prints JSON), or
 * call `benchUplink()` from the main benchmark.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import mqtt from "mqtt";
import type { EventBody } from "../src/core/events.js";
import { startAedesDistrict } from "../test/helpers/district-broker.js";
import { appendRoutine, testUplinkModel, uplinkHarness, type UplinkHarness } from "../test/helpers/uplink-harness.js";

/** Figures of one run. Targets: drain ≤ 10 s, both panic p99s ≤ 50 ms. */
export interface UplinkBench {
  /** Seconds from uplink start until the district broker acknowledged 100,000 backlogged events. */
  drain_100k_s: number;
  /** 99th percentile, over PANIC_SAMPLES, of store append → district subscriber receipt, in ms. */
  panic_to_district_p99_ms: number;
  /** The same while a 100,000-event backlog drains, over every panic timed until it has drained. */
  panic_to_district_p99_ms_during_100k_drain: number;
  /** How many panics that p99 is taken over. */
  panic_samples_during_100k_drain: number;
}

/** The backlog size. */
const BACKLOG = 100_000;
/** Panic samples; 200 gives a p99 that is not just the single worst sample. */
const PANIC_SAMPLES = 200;
/** Events per append transaction while building the backlog (not timed). */
const APPEND_BATCH = 5_000;
/** A drain that takes longer than this has failed, not merely been slow. */
const DRAIN_LIMIT_MS = 120_000;
/** Pause between panics during the drain: spreads a few hundred samples over its whole length. */
const DRAIN_PANIC_GAP_MS = 10;

const panic: EventBody = { type: "panic", device: "pb-office", location: "office", mode: "lockdown", silent: true };

/** Resolve once `check` holds, testing it every millisecond; reject after `limitMs`. */
async function until(check: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("benchmark condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Time panics one at a time, from append to receipt by a district subscriber, while `more` says go
 * on (and at least `min` of them), with `gapMs` between them.
 */
async function panicLatencies(url: string, topic: string, h: UplinkHarness, more: () => boolean, min: number, gapMs = 0): Promise<number[]> {
  const sub = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  const arrivals = new Map<number, number>();
  sub.on("message", (_t, p) => arrivals.set((JSON.parse(p.toString()) as { seq: number }).seq, performance.now()));
  await sub.subscribeAsync(topic, { qos: 1 });
  const samples: number[] = [];
  while (samples.length < min || more()) {
    const t0 = performance.now();
    const [stored] = h.events.append([panic], Date.now());
    h.uplink.notify();
    const seq = stored?.seq ?? -1;
    await until(() => arrivals.has(seq), 5_000);
    samples.push((arrivals.get(seq) as number) - t0);
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  await sub.endAsync(true);
  return samples;
}

/** The 99th percentile of `samples`, in ms with two decimals. */
function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.ceil(sorted.length * 0.99) - 1] ?? Number.NaN).toFixed(2));
}

/** A fresh store holding BACKLOG routine events, with an uplink to `url` not started yet. */
function backlogged(url: string): UplinkHarness {
  // Reconnects of 100 ms to 1 s and the shipped default window of 100.
  const h = uplinkHarness(testUplinkModel(url, { reconnect: { minMs: 100, maxMs: 1000 }, window: 100 }));
  appendRoutine(h.events, BACKLOG, APPEND_BATCH);
  return h;
}

/** Panics timed from the moment the uplink starts on a fresh BACKLOG until that backlog has drained. */
async function panicsDuringDrain(url: string, topic: string): Promise<number[]> {
  const h = backlogged(url);
  try {
    h.uplink.start();
    return await panicLatencies(url, topic, h, () => h.uplink.ackedSeq < BACKLOG, 1, DRAIN_PANIC_GAP_MS);
  } finally {
    await h.dispose();
  }
}

/** Run the measurements, each on a fresh store, against a local aedes district broker. */
export async function benchUplink(): Promise<UplinkBench> {
  const district = await startAedesDistrict();
  const h = backlogged(district.url);
  try {
    const t0 = performance.now();
    h.uplink.start();
    await until(() => h.uplink.ackedSeq >= BACKLOG, DRAIN_LIMIT_MS);
    const drain = (performance.now() - t0) / 1000;
    const topic = h.topics.event("panic");
    const quiet = await panicLatencies(district.url, topic, h, () => false, PANIC_SAMPLES);
    await h.dispose();
    const during = await panicsDuringDrain(district.url, topic);
    return {
      drain_100k_s: Number(drain.toFixed(2)),
      panic_to_district_p99_ms: p99(quiet),
      panic_to_district_p99_ms_during_100k_drain: p99(during),
      panic_samples_during_100k_drain: during.length,
    };
  } finally {
    await h.dispose();
    await district.dispose();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchUplink())}\n`);
}
