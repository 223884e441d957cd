import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { encodeBits } from "../../src/core/badge.js";
import type { EventBody, StoredEvent } from "../../src/core/events.js";
import type { SafetyState } from "../../src/core/state.js";
import type { SimDevice } from "../../src/drivers/sim/sim-device.js";
import { silentLogger } from "../../src/util/log.js";
import { Engine, type EffectPorts } from "../../src/runtime/engine.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { badge, CARDS, chicago, harness, MONDAY, raise, tick } from "../helpers/core-site.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";
import { ManualTimers } from "../helpers/manual-timers.js";

const T = chicago(MONDAY, "10:00");

/**
 * Ports that write down every call in the order the engine makes it. `record` notes what had
 * already happened when the store was asked to commit, and can be made to fail like a broken card.
 */
function recordingPorts() {
  const calls: string[] = [];
  const atCommit: string[][] = [];
  let seq = 0;
  let failing = false;
  const ports: EffectPorts = {
    record(bodies: readonly EventBody[], safety: SafetyState | null, now: number): StoredEvent[] {
      atCommit.push([...calls]);
      calls.push(safety === null ? "commit" : `commit ${safety.mode}`);
      if (failing) throw new Error("disk I/O error");
      const ts = new Date(now).toISOString();
      return bodies.map((body) => ({ ...body, id: `e${++seq}`, seq, ts }) as StoredEvent);
    },
    lock: (e) => calls.push(`lock ${e.device} ${e.locked ? "locked" : "released"}`),
    signal: (e) => calls.push(`signal ${e.device} ${e.active ? "on" : "off"}`),
    publishEvents: (events) => calls.push(`publish ${events.map((e) => e.type).join(",")}`),
    publishDoorState: (e) => calls.push(`door state ${e.door}`),
    publishSite: () => calls.push("site state"),
    keepSafety: (state) => calls.push(`keep safety ${state.safety.mode}`),
  };
  return { ports, calls, atCommit, failWrites: () => (failing = true) };
}

/** An engine over the test school at 10:00 on a school day, caught up with its schedules. */
function schoolEngine() {
  const school = harness();
  const settled = school.run([[tick, T - 60_000]]).state;
  const rec = recordingPorts();
  const timers = new ManualTimers(T);
  const engine = new Engine(school.decide, settled, rec.ports, timers, silentLogger());
  return { engine, timers, ...rec };
}

describe("the order in which the engine carries out a decision", () => {
  it("releases the strike for a granted badge before the audit commit, and publishes the events only after it", () => {
    const s = schoolEngine();
    const outcome = s.engine.submit(badge("rdr-front-out", CARDS.staff.bits));

    expect(s.calls).toEqual(["lock lk-front released", "commit", "publish access,door", "door state front", "site state"]);
    // The output had moved when the store was asked to commit.
    expect(s.atCommit).toEqual([["lock lk-front released"]]);
    expect(outcome.events.map((e) => e.type)).toEqual(["access", "door"]);
  });

  it("relocks at the end of the strike time before the commit too", () => {
    const s = schoolEngine();
    s.engine.submit(badge("rdr-front-out", CARDS.staff.bits));
    s.calls.length = 0;
    s.atCommit.length = 0;
    s.timers.advance(10_000);

    expect(s.calls).toEqual(["lock lk-front locked", "commit", "publish door", "door state front", "site state"]);
    expect(s.atCommit).toEqual([["lock lk-front locked"]]);
  });

  it("stores a lockdown and its safety state before any output moves, then keeps its second copy, then drives the doors", () => {
    const s = schoolEngine();
    s.engine.submit(raise("lockdown", "admin"));

    const firstOutput = s.calls.findIndex((c) => c.startsWith("lock ") || c.startsWith("signal "));
    expect(s.calls.slice(0, 2)).toEqual(["commit lockdown", "keep safety lockdown"]);
    expect(firstOutput).toBe(2);
    expect(s.atCommit).toEqual([[]]);
    // The events, then the states they changed.
    const published = s.calls.findIndex((c) => c.startsWith("publish mode"));
    expect(published).toBeGreaterThan(firstOutput);
    expect(s.calls.slice(published + 1).every((c) => c.startsWith("door state") || c === "site state")).toBe(true);
    expect(s.calls.at(-1)).toBe("site state");
  });

  it("keeps the second copy of an active fire alarm before the egress doors move, and commits after them", () => {
    const s = schoolEngine();
    s.engine.submit({ kind: "fire_alarm", device: "fire-panel", active: true });

    const commit = s.calls.indexOf("commit");
    expect(s.calls[0]).toBe("keep safety normal");
    expect(s.calls.slice(1, commit)).toContain("lock lk-side released");
    expect(commit).toBeGreaterThan(1);
  });

  it("still moves the outputs when the store fails, and publishes nothing it could not store", () => {
    const s = schoolEngine();
    s.failWrites();
    const outcome = s.engine.submit(badge("rdr-front-out", CARDS.staff.bits));

    expect(s.calls).toEqual(["lock lk-front released", "commit", "door state front", "site state"]);
    expect(outcome.events).toEqual([]);
  });
});

describe("a badge through the real store and broker", () => {
  const cleanups = cleanupsAfterEach();

  it("unlocks before the access event is committed, and publishes it only once it is stored with the seq it was published with", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const demo = await bootDemo(site.model);
    cleanups.push(() => demo.stop());
    // A second connection sees only what the gateway's connection has committed.
    const reader = new Database(site.model.storagePath, { readonly: true });
    cleanups.push(() => void reader.close());
    const grants = reader.prepare("select count(*) from events where type = 'access'").pluck();
    const lock = demo.gateway.drivers.get("lk-main-outer") as SimDevice;
    const setActive = lock.setActive.bind(lock);
    const committedAtUnlock: number[] = [];
    lock.setActive = (active: boolean): void => {
      if (active) committedAtUnlock.push(grants.get() as number);
      setActive(active);
    };

    const published = demo.client.waitForEvent((e) => e.type === "access");
    demo.gateway.submit({ kind: "badge", reader: "rdr-main-outer-ext", read: { kind: "bits", bits: encodeBits("h10301", 123, 45678) } });
    expect(committedAtUnlock).toEqual([0]);
    expect(grants.get()).toBe(1);

    const event = await published;
    expect(event).toMatchObject({ result: "granted", door: "main-outer" });
    expect(reader.prepare("select seq from events where id = ?").pluck().get(event.id)).toBe(event.seq);
  });
});
