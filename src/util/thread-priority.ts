import { execFileSync } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/** The nice value a background thread falls back to where it cannot be made an idle thread. */
const BACKGROUND_NICE = 19;

/** Threads of this process that must keep their normal priority (see keepForeground). */
const foreground = new Set<number>();

/**
 * Keep thread `tid` of this process at normal priority when backgroundOtherThreads moves the
 * others: a thread with work of the gateway's own (the MQTT broker's), not one of node's helpers.
 * Returns the function that lets it go (when the thread has ended).
 */
export function keepForeground(tid: number): () => void {
  foreground.add(tid);
  return () => foreground.delete(tid);
}

/** The kernel's id of the calling thread (`/proc/thread-self` names it), or null off Linux. */
export function threadId(): number | null {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lower the scheduling priority of thread `tid` only, to nice value `nice` (never raising it);
 * Linux keeps a nice value per thread. Returns false where it cannot.
 */
function lowerThreadPriority(tid: number, nice: number): boolean {
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
export function backgroundThread(): Background {
  const tid = threadId();
  return tid === null ? "none" : background(tid);
}

/** What was done to make a thread a background thread. */
export type Background = "idle" | "nice" | "none";

/** Make thread `tid` of this process a background thread (see backgroundThread). */
function background(tid: number): Background {
  try {
    execFileSync("chrt", ["--idle", "--pid", "0", String(tid)], { stdio: "ignore" });
    return "idle";
  } catch {
    return lowerThreadPriority(tid, BACKGROUND_NICE) ? "nice" : "none";
  }
}

/**
 * Make every other thread the process has now a background thread, so that the calling thread,
 * the one that decides at the doors, is left at normal priority with those kept in the foreground
 * (keepForeground: the MQTT broker's). The others are
 * node's own: V8's helper threads, which collect garbage and compile code for every thread of the
 * process (the credential worker's too), its task scheduler, its signal watcher. Threads started
 * later are not touched: workers make themselves background threads (startModuleWorker), and
 * libuv's pool for file, DNS and crypto work, started on first use, keeps normal priority. Returns
 * how many threads were moved, by what was done; none off Linux.
 */
export function backgroundOtherThreads(): Record<Background, number> {
  const done: Record<Background, number> = { idle: 0, nice: 0, none: 0 };
  const self = threadId();
  if (self === null) return done; // no /proc: not Linux
  for (const tid of readdirSync("/proc/self/task").map(Number)) if (tid !== self && !foreground.has(tid)) done[background(tid)]++;
  return done;
}
