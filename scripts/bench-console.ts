/**
 * Benchmark of the web console:
 * - `console_event_to_dom_p99_ms`: the gateway publishing a door's new state → that state shown in a
 *   logged-in page in headless Chromium, p99 over CHANGES changes, in ms. The time runs from the
 *   moment an MQTT client of this process receives the publication (the gateway's publish plus a
 *   loopback hop) to the moment a MutationObserver in the page sees the list entry change; both ends
 *   read the same system clock (performance.timeOrigin + now). `console_input_to_dom_p99_ms` runs
 *   from the door contact reaching the engine instead (decision and audit commit included).
 * - `console_js_gzip_kb`: every script the console serves, gzipped, in KB: what a phone downloads.
 *
 * `npx tsx --v8-pool-size=1 scripts/bench-console.ts` prints one JSON object.
 */
import { performance } from "node:perf_hooks";
import mqtt from "mqtt";
import { chromium } from "playwright-core";
import { loadAssets, scriptGzipBytes } from "../src/console/assets.js";
import { bootDemo, demoModel } from "../test/helpers/demo-site.js";

/** Changes measured; enough for a p99 that rests on several samples. */
const CHANGES = 300;
/** Changes before measuring: JIT and first renders. */
const WARMUP = 30;

/** The q-quantile of sorted samples (nearest rank). */
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const round = (x: number): number => Math.round(x * 100) / 100;

async function eventToDom(): Promise<{ fromEvent: number[]; fromInput: number[] }> {
  const demo = demoModel();
  const base = demo.model.console;
  if (base === undefined || base === null) throw new Error("the demo config has no console");
  const running = await bootDemo({ ...demo.model, console: { ...base, port: 0 } });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(running.gateway.consoleUrl ?? "");
    await page.getByLabel("Username").fill("monitor");
    await page.getByLabel("Password").fill("lincoln-monitor-demo");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.goto(`${running.gateway.consoleUrl}#/doors`);
    const entry = page.locator(".door[data-door=library]");
    await entry.waitFor();
    // The page notes when the entry's class last changed, on the shared clock.
    await page.evaluate(`(() => {
      const el = document.querySelector(".door[data-door=library]").parentElement;
      new MutationObserver(() => { globalThis.changedAt = performance.timeOrigin + performance.now(); })
        .observe(el, { subtree: true, attributes: true, attributeFilter: ["class"] });
    })()`);
    const topic = `gatehouse/${demo.model.site.id}/state/door/library`;
    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${running.gateway.port}`, { protocolVersion: 4, reconnectPeriod: 0 });
    let publishedAt = 0;
    watcher.on("message", () => void (publishedAt = performance.timeOrigin + performance.now()));
    await watcher.subscribeAsync(topic, { qos: 0 });
    const fromEvent: number[] = [];
    const fromInput: number[] = [];
    for (let i = 0; i < WARMUP + CHANGES; i++) {
      const open = i % 2 === 0;
      const sent = performance.timeOrigin + performance.now();
      running.gateway.submit({ kind: "contact", device: "dc-library", open });
      // Opened without a grant the door shows forced open; closed, locked again.
      await page.waitForFunction(
        (cls) => (globalThis as unknown as { document: { querySelector(s: string): { className: string } } }).document.querySelector(".door[data-door=library]").className.includes(cls),
        open ? "door--alarm" : "door--locked",
        { polling: "raf" },
      );
      const seen = await page.evaluate<number>("globalThis.changedAt");
      if (i >= WARMUP) {
        fromInput.push(seen - sent);
        fromEvent.push(seen - publishedAt);
      }
    }
    await watcher.endAsync();
    return { fromEvent: fromEvent.sort((a, b) => a - b), fromInput: fromInput.sort((a, b) => a - b) };
  } finally {
    await browser.close();
    await running.stop();
    demo.cleanup();
  }
}

const { fromEvent, fromInput } = await eventToDom();
const js = scriptGzipBytes(loadAssets(null));
process.stdout.write(
  `${JSON.stringify({
    console_event_to_dom_p50_ms: round(quantile(fromEvent, 0.5)),
    console_event_to_dom_p99_ms: round(quantile(fromEvent, 0.99)),
    console_input_to_dom_p99_ms: round(quantile(fromInput, 0.99)),
    console_js_gzip_kb: round(js / 1024),
  })}\n`,
);
