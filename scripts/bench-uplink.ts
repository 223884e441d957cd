/**
 * Uplink benchmark: how fast a backlog drains to the district broker, and how soon a panic event
 * reaches a district subscriber. Run alone with `npx tsx scripts/bench-uplink.ts` (prints JSON), or
 * call `benchUplink()` from the main benchmark.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import mqtt from "mqtt";
import type { EventBody } from "../src/core/events.js";
import type { EventLog } from "../src/store/event-log.js";
import type { Uplink } from "../src/uplink/uplink.js";
import { startAedesDistrict } from "../test/helpers/district-broker.js";
import { appendRoutine, testUplinkModel, uplinkHarness } from "../test/helpers/uplink-harness.js";

/** Figures of one run. Targets: drain ≤ 10 s, panic p99 ≤ 50 ms. */
export interface UplinkBench {
  /** Seconds from uplink start until the district broker acknowledged 100,000 backlogged events. */
  drain_100k_s: number;
  /** 99th percentile, over PANIC_SAMPLES, of store append → district subscriber receipt, in ms. */
  panic_to_district_p99_ms: number;
}

/** The backlog size. */
const BACKLOG = 100_000;
/** Panic samples; 200 gives a p99 that is not just the single worst sample. */
const PANIC_SAMPLES = 200;
/** Events per append transaction while building the backlog (not timed). */
const APPEND_BATCH = 5_000;
/** A drain that takes longer than this has failed, not merely been slow. */
const DRAIN_LIMIT_MS = 120_000;

const panic: EventBody = { type: "panic", device: "pb-office", location: "office", mode: "lockdown", silent: true };

/** Resolve once `check` holds, testing it every millisecond; reject after `limitMs`. */
async function until(check: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("benchmark condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Time PANIC_SAMPLES panics, one at a time, from append to receipt by a district subscriber. */
async function panicLatencies(url: string, topic: string, events: EventLog, uplink: Uplink): Promise<number[]> {
  const sub = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  const arrivals = new Map<number, number>();
  sub.on("message", (_t, p) => arrivals.set((JSON.parse(p.toString()) as { seq: number }).seq, performance.now()));
  await sub.subscribeAsync(topic, { qos: 1 });
  const samples: number[] = [];
  for (let i = 0; i < PANIC_SAMPLES; i++) {
    const t0 = performance.now();
    const [stored] = events.append([panic], Date.now());
    uplink.notify();
    const seq = stored?.seq ?? -1;
    await until(() => arrivals.has(seq), 5_000);
    samples.push((arrivals.get(seq) as number) - t0);
  }
  await sub.endAsync(true);
  return samples;
}

/** Run both measurements on a fresh store and a local aedes district broker. */
export async function benchUplink(): Promise<UplinkBench> {
  const district = await startAedesDistrict();
  // Reconnects of 100 ms to 1 s and the shipped default window of 100.
  const h = uplinkHarness(testUplinkModel(district.url, { reconnect: { minMs: 100, maxMs: 1000 }, window: 100 }));
  try {
    appendRoutine(h.events, BACKLOG, APPEND_BATCH);
    const t0 = performance.now();
    h.uplink.start();
    await until(() => h.uplink.ackedSeq >= BACKLOG, DRAIN_LIMIT_MS);
    const drain = (performance.now() - t0) / 1000;
    const samples = (await panicLatencies(district.url, h.topics.event("panic"), h.events, h.uplink)).sort((a, b) => a - b);
    await h.stop();
    const p99 = samples[Math.ceil(samples.length * 0.99) - 1] ?? Number.NaN;
    return { drain_100k_s: Number(drain.toFixed(2)), panic_to_district_p99_ms: Number(p99.toFixed(2)) };
  } finally {
    await h.dispose();
    await district.dispose();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchUplink())}\n`);
}
