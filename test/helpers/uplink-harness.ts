import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type MqttClient } from "mqtt";
import type { RequestRouter } from "../../src/bus/requests.js";
import { siteTopics, type SiteTopics } from "../../src/bus/topics.js";
import { uplinkClientId, type UplinkModel } from "../../src/config/schema-uplink.js";
import type { EventBody } from "../../src/core/events.js";
import { silentLogger, type Logger } from "../../src/util/log.js";
import { systemTimers, type TimerApi } from "../../src/time/timers.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import type { UnwrittenEvents } from "../../src/uplink/outbox.js";
import { RetainedStates } from "../../src/uplink/retained.js";
import { Uplink } from "../../src/uplink/uplink.js";

/** The site every uplink test uses. */
export const SITE = "lincoln-es";

/**
 * The district's command rights in most uplink tests: unsigned commands allowed, as in a lab, so a
 * test about delivery need not sign. Tests of the command rights themselves trust keys (district-keys.ts).
 */
export const LAB_COMMANDS: UplinkModel["commands"] = { trustedKeys: [], requireSigned: false, windowMs: 120_000 };

/** An uplink model for tests: quick reconnects so a broker restart is noticed at once. */
export function testUplinkModel(url: string, over: Partial<UplinkModel> = {}): UplinkModel {
  return {
    url,
    protocolVersion: 4,
    clientId: uplinkClientId(SITE),
    username: null,
    password: null,
    tls: null,
    keepaliveS: 30,
    sessionExpiryS: 3600,
    // 20–200 ms: fast enough for tests, still exercising the backoff.
    reconnect: { minMs: 20, maxMs: 200 },
    window: 100,
    maxBacklogEvents: 1_000_000,
    commands: LAB_COMMANDS,
    ...over,
  };
}

/** A routine event: a door opened or closed, which the backlog quota may skip and nothing sends ahead. */
export const routine = (i: number): EventBody => ({ type: "door", door: `door-${i % 7}`, action: i % 2 === 0 ? "opened" : "closed" });

/** Append `n` routine events straight to the log in transactions of `batch`. */
export function appendRoutine(events: EventLog, n: number, batch = 5_000): void {
  for (let done = 0; done < n; done += batch) {
    const size = Math.min(batch, n - done);
    events.append(Array.from({ length: size }, (_, i) => routine(done + i)), Date.now());
  }
}

/** An uplink on its own store, as the gateway wires it, without the rest of the gateway. */
export interface UplinkHarness {
  readonly dir: string;
  readonly db: Database;
  readonly events: EventLog;
  readonly retained: RetainedStates;
  readonly topics: SiteTopics;
  readonly uplink: Uplink;
  /** Append events as the gateway does (store, then notify). */
  record(bodies: readonly EventBody[]): void;
  /** Stop the uplink and close the store (the temp dir stays until `dispose`). */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** Open a store in a temp dir (or `dir`) and build an uplink on it; call `uplink.start()` yourself. */
export function uplinkHarness(
  model: UplinkModel,
  opts: { dir?: string; router?: RequestRouter | null; log?: Logger; unwritten?: UnwrittenEvents } = {},
): UplinkHarness {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "gatehouse-uplink-"));
  const log = opts.log ?? silentLogger();
  const db = openDatabase(join(dir, "gatehouse.db"), log);
  const events = new EventLog(db);
  const retained = new RetainedStates(log);
  const topics = siteTopics(SITE);
  let uplink: Uplink | undefined;
  const record = (bodies: readonly EventBody[]): void => {
    events.append(bodies, Date.now());
    uplink?.notify();
  };
  uplink = new Uplink({
    model,
    topics,
    db,
    ...(opts.unwritten !== undefined ? { unwritten: opts.unwritten } : {}),
    retained,
    status: { version: "0.1.0", startedAt: new Date().toISOString(), configHash: "c0ffee" },
    router: opts.router ?? null,
    record,
    timers: systemTimers,
    log,
  });
  const built = uplink;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await built.stop();
    db.close();
  };
  return {
    dir,
    db,
    events,
    retained,
    topics,
    uplink: built,
    record,
    stop,
    dispose: async () => {
      await stop();
      if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a district subscriber saw of the events. */
export interface EventTally {
  /** seq of every event message, in arrival order (duplicates included). */
  readonly seqs: number[];
  /** seq → id of the first copy. */
  readonly ids: Map<number, string>;
  /** Copies whose id differs from the first copy of the same seq (must stay 0). */
  conflicts: number;
}

/**
 * A subscriber on the district broker with a persistent session (QoS 1), tallying event seqs. With
 * `clean: false` and MQTT.js reconnects it keeps its session across a mosquitto restart.
 */
export async function districtSubscriber(
  url: string,
  clientId: string,
  filter = `gatehouse/${SITE}/event/+`,
): Promise<{ client: MqttClient; tally: EventTally }> {
  const tally: EventTally = { seqs: [], ids: new Map(), conflicts: 0 };
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, clientId, clean: false, reconnectPeriod: 50 });
  client.on("message", (topic, payload) => {
    if (!topic.includes("/event/")) return;
    const e = JSON.parse(payload.toString()) as { seq: number; id: string };
    tally.seqs.push(e.seq);
    const first = tally.ids.get(e.seq);
    if (first === undefined) tally.ids.set(e.seq, e.id);
    else if (first !== e.id) tally.conflicts += 1;
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, tally };
}

/** The seqs in order of first arrival. */
export function firstArrivals(seqs: readonly number[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const s of seqs) {
    if (seen.has(s)) continue;
    seen.add(s);
    out.push(s);
  }
  return out;
}

/** Whether a list is strictly increasing. */
export function strictlyIncreasing(xs: readonly number[]): boolean {
  return xs.every((x, i) => i === 0 || x > (xs[i - 1] as number));
}

/** How a tally's events arrived: first arrivals in strictly increasing seq order, their ends, and conflicts. */
export function deliveryOf(tally: EventTally): { inOrder: boolean; first: number | undefined; last: number | undefined; conflicts: number } {
  const first = firstArrivals(tally.seqs);
  return { inOrder: strictlyIncreasing(first), first: first[0], last: first.at(-1), conflicts: tally.conflicts };
}

/** Real timers that remember every delay asked for (the link's reconnect delays). */
export function recordingTimers(): TimerApi & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: () => systemTimers.now(),
    setTimeout: (fn, ms) => {
      delays.push(ms);
      return systemTimers.setTimeout(fn, ms);
    },
    clearTimeout: (h) => systemTimers.clearTimeout(h),
  };
}
