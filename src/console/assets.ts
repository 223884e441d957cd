import { readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * The console's files, served from memory: the pages' ES modules under `web/` (at the top of the
 * project, beside src/ and dist/, so the same path serves from either) and the browser builds of
 * preact, its hooks and htm from node_modules. No build step: the browser loads the modules as they
 * are, through the import map in index.html. Each file is gzipped once at start.
 */

/** Where the browser code lives. */
export const WEB_DIR = fileURLToPath(new URL("../../web/", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** One served file. */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
}

/** The vendored modules, by the path the import map gives them. */
function vendorFiles(): Record<string, string> {
  const require = createRequire(import.meta.url);
  return {
    "/vendor/preact.mjs": require.resolve("preact"),
    "/vendor/hooks.mjs": require.resolve("preact/hooks"),
    // htm's exports give node its CommonJS build; the ES module sits beside it.
    "/vendor/htm.mjs": join(dirname(require.resolve("htm")), "htm.mjs"),
  };
}

/** Every file under `dir`, by URL path under `base`; tsconfig and test files are not served. */
function walk(dir: string, base: string, out: Map<string, string>): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, `${base}${name}/`, out);
    else if (TYPES[extname(name)] !== undefined) out.set(`${base}${name}`, path);
  }
}

function asset(type: string, body: Buffer): Asset {
  return { type, body, gzip: gzipSync(body, { level: 9 }) };
}

/** Load every console file, and `/plan.svg` when there is a floor plan. */
export function loadAssets(floorPlanSvg: string | null, webDir = WEB_DIR): Map<string, Asset> {
  const files = new Map<string, string>();
  walk(webDir, "/", files);
  for (const [path, file] of Object.entries(vendorFiles())) files.set(path, file);
  const assets = new Map<string, Asset>();
  for (const [path, file] of files) assets.set(path, asset(TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file)));
  if (floorPlanSvg !== null) assets.set("/plan.svg", asset(TYPES[".svg"] ?? "", Buffer.from(floorPlanSvg)));
  return assets;
}

/** Gzipped bytes of every script served: what a browser downloads to run the console. */
export function scriptGzipBytes(assets: ReadonlyMap<string, Asset>): number {
  let total = 0;
  for (const a of assets.values()) if (a.type.startsWith("text/javascript")) total += a.gzip.length;
  return total;
}

/** Send one asset, gzipped when the browser accepts it. */
export function sendAsset(req: IncomingMessage, res: ServerResponse, a: Asset, headers: Record<string, string>): void {
  const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
  const body = gzip ? a.gzip : a.body;
  res.writeHead(200, {
    ...headers,
    "Content-Type": a.type,
    "Content-Length": body.length,
    "Cache-Control": "no-cache",
    Vary: "Accept-Encoding",
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}
