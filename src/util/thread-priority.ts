import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * Lower the scheduling priority of the calling thread only, to nice value `nice` (never raising it) (Linux keeps a nice value per thread;
 * `/proc/thread-self` names the thread's id). A background worker niced this way leaves the main
 * thread, which decides at the doors, the CPU whenever it wants it: on a two-core board a busy
 * worker at the same priority costs the main thread whole 4 ms scheduler ticks. Returns false where
 * it cannot (not Linux): the worker then runs at normal priority.
 */
export function lowerThreadPriority(nice: number): boolean {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.max(nice, getPriority(tid)));
    return true;
  } catch {
    return false;
  }
}
