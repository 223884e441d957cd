import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** How a worker thread is scheduled: like the main thread, or only on CPU time nothing else wants. */
export type WorkerPriority = "normal" | "background";

/**
 * Start the worker thread whose module is `name` (without extension) beside the module at `from`
 * (pass `import.meta.url`). The thread first sets its priority (see worker-boot), then loads the
 * module. Built code runs `.js` files; run from sources (tests, benchmarks, `npm run gatehouse`),
 * the thread registers the TypeScript loader first and runs the `.ts` files.
 */
export function startModuleWorker(name: string, from: string, workerData: unknown, priority: WorkerPriority = "normal"): Worker {
  const ext = extname(fileURLToPath(from));
  const target = new URL(`./${name}${ext}`, from).href;
  const boot = new URL(`./worker-boot${ext}`, import.meta.url);
  if (ext !== ".ts") return new Worker(boot, { argv: [target, priority], workerData });
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), { argv: [boot.href, target, priority], workerData });
}
