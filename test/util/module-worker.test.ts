import { once } from "node:events";
import { getPriority } from "node:os";
import { describe, expect, it } from "vitest";
import { startModuleWorker } from "../../src/util/module-worker.js";

describe("worker threads", () => {
  it("run a TypeScript module from sources, and lower the priority of that thread only", async () => {
    const before = getPriority(process.pid);
    const worker = startModuleWorker("nice-probe", import.meta.url, 7);
    try {
      const [report] = (await once(worker, "message")) as [{ lowered: boolean; thread: number; process: number }];
      expect(report).toEqual({ lowered: true, thread: Math.max(7, before), process: before });
      expect(getPriority(process.pid)).toBe(before);
    } finally {
      await worker.terminate();
    }
  });
});
