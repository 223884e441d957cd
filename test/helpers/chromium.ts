import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Cleanups } from "./cleanups.js";

/** The system's Chromium for the calling file's tests: launched before them, closed after; call the result for it. */
export function chromiumForFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error("Chromium is not running: use it inside a test");
    return browser;
  };
}

/** A page that records its errors (uncaught, or logged to the console) and every URL it asks for. */
export interface WatchedPage {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

/** A new page of `browser`, closed after the test, watched for errors and requests. */
export async function watchedPage(browser: Browser, cleanups: Cleanups, options: BrowserContextOptions): Promise<WatchedPage> {
  const page = await browser.newPage(options);
  cleanups.push(() => page.close());
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => void (msg.type() === "error" && errors.push(msg.text())));
  page.on("request", (req) => requests.push(req.url()));
  return { page, errors, requests };
}
