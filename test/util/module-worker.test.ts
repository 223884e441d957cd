import { once } from "node:events";
import { getPriority } from "node:os";
import { describe, expect, it } from "vitest";
import { startModuleWorker, type WorkerPriority } from "../../src/util/module-worker.js";

/** SCHED_OTHER and SCHED_IDLE, as /proc reports them. */
const NORMAL = 0;
const IDLE = 5;

interface Report {
  done: string | null;
  thread: { nice: number; policy: number };
  main: { nice: number; policy: number };
}

async function probe(priority: WorkerPriority, mode: string | null = null): Promise<Report> {
  const worker = startModuleWorker("../helpers/priority-probe", import.meta.url, mode, priority);
  try {
    const [report] = (await once(worker, "message")) as [Report];
    return report;
  } finally {
    await worker.terminate();
  }
}

describe("worker threads", () => {
  const main = { nice: getPriority(process.pid), policy: NORMAL };

  it("run a TypeScript module from sources, scheduled like the main thread by default", async () => {
    expect(await probe("normal")).toEqual({ done: null, thread: main, main });
  });

  it("in the background run in the idle class from their first statement on, and leave the main thread as it was", async () => {
    const report = await probe("background");
    expect(report.thread.policy).toBe(IDLE);
    expect(report.main).toEqual(main);
  });

  it("in the background fall back to nice 19 where the idle class cannot be set", async () => {
    const report = await probe("normal", "without-chrt");
    expect(report).toEqual({ done: "nice", thread: { nice: 19, policy: NORMAL }, main });
  });
});
