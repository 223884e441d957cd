import { execFileSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/** The nice value a background thread falls back to where it cannot be made an idle thread. */
const BACKGROUND_NICE = 19;

/** The kernel's id of the calling thread (`/proc/thread-self` names it), or null off Linux. */
function threadId(): number | null {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lower the scheduling priority of the calling thread only, to nice value `nice` (never raising
 * it); Linux keeps a nice value per thread. Returns false where it cannot (not Linux).
 */
function lowerThreadPriority(nice: number): boolean {
  const tid = threadId();
  if (tid === null) return false;
  try {
    setPriority(tid, Math.max(nice, getPriority(tid)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Make the calling thread a background thread, which takes no CPU time the main thread wants.
 * Best is the idle scheduling class (`chrt --idle`): the thread runs only on a CPU with nothing
 * else to do, and the main thread, waking for a badge, takes the CPU from it at once. A merely
 * niced thread keeps the CPU until the scheduler's next tick, and on a two-core board that cost
 * decisions 3–7 ms waits again and again. Any process may move its own threads into the idle
 * class; where `chrt` is missing the thread is niced to 19 instead. Returns what was done.
 */
export function backgroundThread(): "idle" | "nice" | "none" {
  const tid = threadId();
  if (tid === null) return "none";
  try {
    execFileSync("chrt", ["--idle", "--pid", "0", String(tid)], { stdio: "ignore" });
    return "idle";
  } catch {
    return lowerThreadPriority(BACKGROUND_NICE) ? "nice" : "none";
  }
}
