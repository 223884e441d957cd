import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Start the worker thread whose module is `name` (without extension) beside the module at `from`
 * (pass `import.meta.url`). Built code runs the `.js` file; run from sources (tests, benchmarks,
 * `npm run gatehouse`), the worker registers the TypeScript loader first and runs the `.ts` file.
 */
export function startModuleWorker(name: string, from: string, workerData: unknown): Worker {
  const ext = extname(fileURLToPath(from));
  const url = new URL(`./${name}${ext}`, from);
  if (ext !== ".ts") return new Worker(url, { workerData });
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), { argv: [url.href], workerData });
}
