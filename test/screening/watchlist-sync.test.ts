import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RequestError } from "../../src/bus/requests.js";
import { WatchlistSync } from "../../src/screening/watchlist-sync.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { capturedLog } from "../helpers/log-lines.js";
import { tempDir } from "../helpers/temp-dir.js";
import { entry, payload, snapshot } from "./watch-entries.js";

const visitor = { given: "Bob", family: "Garcia", dob: "1980-07-03" };

describe("WatchlistSync", () => {
  const cleanups = cleanupsAfterEach();

  async function open(dir: string, log = capturedLog().log): Promise<WatchlistSync> {
    const sync = new WatchlistSync(join(dir, "audit.watchlist.db"), log, () => Date.parse("2026-12-06T00:00:00Z"));
    cleanups.push(() => sync.close());
    await sync.load();
    return sync;
  }

  async function refusal(work: Promise<unknown>): Promise<string> {
    try {
      await work;
    } catch (err) {
      if (err instanceof RequestError) return err.code;
      throw err;
    }
    return "applied";
  }

  it("starts no worker for a site that has no watch list yet: nothing is created, every visitor is clear", async () => {
    const dir = tempDir(cleanups, "gatehouse-watch-");
    const sync = await open(dir);
    expect(await sync.screen(visitor)).toEqual({ result: "clear" });
    expect(existsSync(join(dir, "audit.watchlist.db"))).toBe(false);
  });

  it("applies a snapshot once whole, then deltas, refuses bad payloads, and keeps the list across a restart", async () => {
    const dir = tempDir(cleanups, "gatehouse-watch-");
    const { log, lines } = capturedLog();
    const sync = await open(dir, log);
    expect(await sync.screen(visitor)).toEqual({ result: "clear" });

    const first = await sync.apply(payload(snapshot("v1", 1, 2, [entry("w-1", "Robert", "García-López", "1980-03-07")])));
    expect(first).toEqual({ transaction: "t-1", data: { version: "v1", received: 1, parts: 2, applied: false } });
    expect(await sync.screen(visitor)).toEqual({ result: "clear" });
    const second = await sync.apply(payload(snapshot("v1", 2, 2, [entry("w-2", "Anna", "Kowalski", "1990-12-25")])));
    expect(second.data).toEqual({ version: "v1", received: 2, parts: 2, applied: true, entries: 2 });
    expect(await sync.screen(visitor)).toMatchObject({ result: "possible", matches: [{ entry: "w-1", rules: ["dob_transposed", "family_exact", "given_nickname"] }] });

    // A bad entry, a wrong base version: refused, and the live list stays as it was.
    const badCategory = { ...entry("w-3", "Ann", "Lee", "1970-01-01"), category: "rumour" };
    expect(await refusal(sync.apply(payload({ kind: "delta", version: "v2", base_version: "v1", upsert: [badCategory] })))).toBe("invalid_request");
    expect(await refusal(sync.apply(payload({ kind: "delta", version: "v2", base_version: "v0", remove: ["w-1"] })))).toBe("version_mismatch");
    expect(await refusal(sync.apply(new TextEncoder().encode("{not json")))).toBe("bad_json");
    expect(sync.size).toBe(2);

    const delta = await sync.apply(payload({ kind: "delta", version: "v2", base_version: "v1", upsert: [entry("w-4", "Ann", "Lee", "1970-01-01")], remove: ["w-1"] }));
    expect(delta.data).toEqual({ version: "v2", applied: true, entries: 2 });
    expect(await sync.screen(visitor)).toEqual({ result: "clear" });
    expect(await sync.screen({ given: "Ann", family: "LEE", dob: "1970-01-01" })).toMatchObject({ result: "possible", matches: [{ entry: "w-4" }] });
    await sync.close();

    const again = await open(dir);
    expect(again.size).toBe(2);
    expect(await again.screen({ given: "Ann", family: "Lee", dob: "1970-01-01" })).toMatchObject({ result: "possible", matches: [{ entry: "w-4" }] });
    expect((await again.apply(payload({ kind: "status" }))).data).toEqual({ version: "v2", entries: 2 });
    // Counts and versions only: no name or date of birth reaches the log.
    expect(lines.filter((l) => l.msg === "watch list applied")).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toMatch(/Robert|Garc|Anna|Kowalski|1980-03-07|Lee/);
  });

  it("refuses a person without a date of birth to screen", async () => {
    const sync = await open(tempDir(cleanups, "gatehouse-watch-"));
    await expect(sync.screen({ given: "Ann", family: "Lee" })).rejects.toThrow();
  });

  it("screens only once the stored list is loaded", async () => {
    const dir = tempDir(cleanups, "gatehouse-watch-");
    const first = await open(dir);
    await first.apply(payload(snapshot("v1", 1, 1, [entry("w-1", "Ann", "Lee", "1970-01-01")])));
    await first.close();
    const sync = new WatchlistSync(join(dir, "audit.watchlist.db"), capturedLog().log, () => 0);
    cleanups.push(() => sync.close());
    void sync.load();
    // Asked before the worker has indexed the list, the screening waits for it rather than clearing.
    expect(await sync.screen({ given: "Ann", family: "Lee", dob: "1970-01-01" })).toMatchObject({ result: "possible" });
  });
});
