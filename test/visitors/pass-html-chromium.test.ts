import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { renderPassHtml, type PassPrint } from "../../src/visitors/pass-html.js";
import { chromiumForFile, watchedPage } from "../helpers/chromium.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Screenshots kept for a person to look at (ignored by git). */
const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts/visitors");
/** A badge printer's label, 4 × 3 in, at CSS's 96 px to the inch. */
const LABEL = { width: 384, height: 288 };

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

const CODE = "73019284756601928374";
const PASS: PassPrint = {
  site: "Lincoln Elementary School",
  timezone: "America/Chicago",
  name: `<script>window.hacked = 1</script> Dana O'Brien & "Co"`,
  host: "Ms. Alvarez <Room 12>",
  destination: "Main office",
  since: "2026-11-23T15:05:00Z",
  expires_at: "2026-11-23T22:00:00Z",
  qr: CODE,
  card_label: null,
};

async function open(pass: PassPrint) {
  const file = join(tempDir(cleanups, "gatehouse-pass-html-"), "pass.html");
  writeFileSync(file, await renderPassHtml(pass));
  const { page, errors, requests } = await watchedPage(browser(), cleanups, { viewport: LABEL, deviceScaleFactor: 4 });
  await page.emulateMedia({ media: "print" });
  await page.goto(`file://${file}`);
  return { page, file, errors, requests };
}

/** In the page (the tests have no DOM types): decode a PNG onto a canvas, sample n × n cells past an m-cell margin. */
const SAMPLE = `async (data, n, m) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [image.width, image.height];
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const cell = image.width / (n + 2 * m);
  const dark = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      dark.push(ctx.getImageData(Math.floor((col + m + 0.5) * cell), Math.floor((row + m + 0.5) * cell), 1, 1).data[0] < 128);
    }
  }
  return dark;
}`;

/**
 * Whether each module of the QR code in a screenshot of it is dark, row by row, sampled at module
 * centres: the PNG is decoded by the browser onto a canvas.
 */
async function modulesIn(page: Page, png: Buffer, count: number, margin: number): Promise<boolean[]> {
  return page.evaluate<boolean[]>(`(${SAMPLE})(${JSON.stringify(png.toString("base64"))}, ${count}, ${margin})`);
}

describe("the printable visitor pass in Chromium", () => {
  it("shows the visitor's details as text, with no script run, no error and nothing fetched, on one label", async () => {
    const { page, file, errors, requests } = await open(PASS);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.evaluate("window.hacked")).toBeUndefined();
    expect(await page.locator(".name").textContent()).toBe(PASS.name);
    // A name too long for two lines is cut, never pushing the code off the label.
    const bottoms = await page.evaluate<number[]>(`[".pass", ".code"].map((s) => document.querySelector(s).getBoundingClientRect().bottom)`);
    expect(bottoms[1]).toBeLessThanOrEqual(bottoms[0] ?? 0);
    expect(await page.locator("dd").allTextContents()).toEqual(["Ms. Alvarez <Room 12>", "Main office", "Mon, Nov 23, 09:05"]);
    expect(await page.locator(".expires").textContent()).toBe("Expires Mon, Nov 23, 16:00");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "pass.png"), fullPage: true });
    const box = await page.locator(".pass").boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(LABEL.width);
    expect((box?.y ?? 0) + (box?.height ?? Infinity)).toBeLessThanOrEqual(LABEL.height);
  });

  it("draws the QR code of the pass's code module for module", async () => {
    const { page } = await open(PASS);
    const expected = QRCode.create(CODE, { errorCorrectionLevel: "M" }).modules;
    const shot = await page.locator(".code svg").screenshot();
    const box = await page.locator(".code svg").boundingBox();
    expect(box?.width).toBeCloseTo(box?.height ?? 0, 1);
    const drawn = await modulesIn(page, shot, expected.size, 1);
    expect(drawn).toEqual([...expected.data].map((bit) => bit === 1));
  });

  it("names the card for a pool card's pass, with no code", async () => {
    const { page, errors } = await open({ ...PASS, qr: null, card_label: "V-01" });
    expect(errors).toEqual([]);
    expect(await page.locator("svg").count()).toBe(0);
    expect(await page.locator(".code").textContent()).toContain("Card V-01");
  });
});
