/**
 * Benchmark of the web console:
 * - `console_event_to_dom_p99_ms`: the gateway publishing a door's new state on its broker → that
 *   state shown in a logged-in page in headless Chromium, p99 over CHANGES changes, in ms: the
 *   console's whole path (broker, WebSocket bridge, MQTT client, render). It runs from just before
 *   the publish to the moment a MutationObserver in the page sees the door's entry change; both ends
 *   read the same system clock (performance.timeOrigin + now).
 * - `console_js_gzip_kb`: every script the console serves, gzipped, in KB: what a phone downloads.
 *
 * `npx tsx --v8-pool-size=1 scripts/bench-console.ts` prints one JSON object.
 */
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";
import { loadAssets, scriptGzipBytes } from "../src/console/assets.js";
import type { CleanupStep } from "../test/helpers/cleanups.js";
import { consoleOverBroker, PREFIX } from "../test/helpers/console-server.js";

/** Changes measured; enough for a p99 that rests on several samples. */
const CHANGES = 300;
/** Changes before measuring: JIT and first renders. */
const WARMUP = 30;

/** The q-quantile of sorted samples (nearest rank). */
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const round = (x: number): number => Math.round(x * 100) / 100;

async function eventToDom(): Promise<number[]> {
  const steps: CleanupStep[] = [];
  const { broker, server } = await consoleOverBroker({ push: (...s) => void steps.push(...s) }, {}, 5, [{ id: "library", name: "Library" }]);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel("Username").fill("monitor");
    await page.getByLabel("Password").fill("monitor-secret");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.goto(`${server.url}#/doors`);
    await page.locator(".door[data-door=library]").waitFor();
    // The page notes when the entry's class last changed, on the shared clock.
    await page.evaluate(`(() => {
      const el = document.querySelector(".door[data-door=library]").parentElement;
      new MutationObserver(() => { globalThis.changedAt = performance.timeOrigin + performance.now(); })
        .observe(el, { subtree: true, attributes: true, attributeFilter: ["class"] });
    })()`);
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + CHANGES; i++) {
      const open = i % 2 === 0;
      const sent = performance.timeOrigin + performance.now();
      await broker.publish(`${PREFIX}/state/door/library`, { locked: !open, open, alarm: "none" }, { retain: true, qos: 1 });
      await page.waitForFunction(
        (cls) => (globalThis as unknown as { document: { querySelector(s: string): { className: string } } }).document.querySelector(".door[data-door=library]").className.includes(cls),
        open ? "door--open" : "door--locked",
        { polling: "raf" },
      );
      const seen = await page.evaluate<number>("globalThis.changedAt");
      if (i >= WARMUP) samples.push(seen - sent);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    await browser.close();
    for (let step = steps.pop(); step !== undefined; step = steps.pop()) await step();
  }
}

const samples = await eventToDom();
const js = scriptGzipBytes(loadAssets(null));
process.stdout.write(
  `${JSON.stringify({
    console_event_to_dom_p50_ms: round(quantile(samples, 0.5)),
    console_event_to_dom_p99_ms: round(quantile(samples, 0.99)),
    console_js_gzip_kb: round(js / 1024),
  })}\n`,
);
