/**
 * Uplink benchmark: how fast a backlog drains to the district broker, and how soon a panic event
 * reaches a district subscriber. Run alone with `npx tsx scripts/bench-uplink.ts` (prints JSON), or
 * call `benchUplink()` from the main benchmark.
 */
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Aedes } from "aedes";
import mqtt from "mqtt";
import { siteTopics } from "../src/bus/topics.js";
import { uplinkClientId, type UplinkModel } from "../src/config/schema-uplink.js";
import type { EventBody } from "../src/core/events.js";
import { silentLogger } from "../src/log.js";
import { systemTimers } from "../src/runtime/wake-timer.js";
import { openDatabase } from "../src/store/database.js";
import { EventLog } from "../src/store/event-log.js";
import { RetainedStates } from "../src/uplink/retained.js";
import { Uplink } from "../src/uplink/uplink.js";

/** Figures of one run. Targets: drain ≤ 10 s, panic p99 ≤ 50 ms. */
export interface UplinkBench {
  /** Seconds from uplink start until the district broker acknowledged 100,000 backlogged events. */
  drain_100k_s: number;
  /** 99th percentile, over PANIC_SAMPLES, of store append → district subscriber receipt, in ms. */
  panic_to_district_p99_ms: number;
}

const SITE = "bench-site";
/** The backlog size. */
const BACKLOG = 100_000;
/** Panic samples; 200 gives a p99 that is not just the single worst sample. */
const PANIC_SAMPLES = 200;
/** Events per append transaction while building the backlog (not timed). */
const APPEND_BATCH = 5_000;
/** A drain that takes longer than this has failed, not merely been slow. */
const DRAIN_LIMIT_MS = 120_000;

const panic: EventBody = { type: "panic", device: "pb-office", location: "office", mode: "lockdown", silent: true };

/** An aedes on 127.0.0.1 port 0, standing in for the district broker. */
async function startDistrict(): Promise<{ url: string; close: () => Promise<void> }> {
  const aedes = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
    aedes.handle(s);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

function model(url: string): UplinkModel {
  return {
    url,
    protocolVersion: 4,
    clientId: uplinkClientId(SITE),
    username: null,
    password: null,
    tls: null,
    keepaliveS: 30,
    sessionExpiryS: 3600,
    reconnect: { minMs: 100, maxMs: 1000 },
    // The shipped default window.
    window: 100,
    maxBacklogEvents: 1_000_000,
  };
}

/** Resolve once `check` holds, testing it every millisecond; reject after `limitMs`. */
async function until(check: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("benchmark condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Time PANIC_SAMPLES panics, one at a time, from append to receipt by a district subscriber. */
async function panicLatencies(url: string, events: EventLog, uplink: Uplink): Promise<number[]> {
  const sub = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  const arrivals = new Map<number, number>();
  sub.on("message", (_t, p) => arrivals.set((JSON.parse(p.toString()) as { seq: number }).seq, performance.now()));
  await sub.subscribeAsync(siteTopics(SITE).event("panic"), { qos: 1 });
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
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-uplink-"));
  const district = await startDistrict();
  const log = silentLogger();
  const db = openDatabase(join(dir, "bench.db"), log);
  try {
    const events = new EventLog(db);
    for (let done = 0; done < BACKLOG; done += APPEND_BATCH) {
      const bodies = Array.from({ length: APPEND_BATCH }, (_, i): EventBody => ({ type: "device", device: `rdr-${i % 7}`, status: "online", reason: null }));
      events.append(bodies, Date.now());
    }
    let uplink: Uplink | undefined;
    uplink = new Uplink({
      model: model(district.url),
      topics: siteTopics(SITE),
      db,
      retained: new RetainedStates(log),
      status: { version: "bench", startedAt: new Date().toISOString(), configHash: "bench" },
      router: null,
      record: (bodies) => {
        events.append(bodies, Date.now());
        uplink?.notify();
      },
      timers: systemTimers,
      log,
    });
    const running = uplink;
    const t0 = performance.now();
    running.start();
    await until(() => running.ackedSeq >= BACKLOG, DRAIN_LIMIT_MS);
    const drain = (performance.now() - t0) / 1000;
    const samples = (await panicLatencies(district.url, events, running)).sort((a, b) => a - b);
    await running.stop();
    const p99 = samples[Math.ceil(samples.length * 0.99) - 1] ?? Number.NaN;
    return { drain_100k_s: Number(drain.toFixed(2)), panic_to_district_p99_ms: Number(p99.toFixed(2)) };
  } finally {
    db.close();
    await district.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchUplink())}\n`);
}
