/**
 * A worker that reports how the kernel schedules its thread and the process's main thread. With
 * workerData "without-chrt" it first makes itself a background thread with no `chrt` to be found.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { backgroundThread } from "../../src/util/thread-priority.js";

/** Nice value and scheduling policy (0 normal, 5 idle) of a thread, from its stat line. */
function scheduling(stat: string): { nice: number; policy: number } {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { nice: Number(fields[16]), policy: Number(fields[38]) };
}

let done: string | null = null;
if (workerData === "without-chrt") {
  process.env.PATH = "/nonexistent";
  done = backgroundThread();
}
parentPort?.postMessage({
  done,
  thread: scheduling(readFileSync("/proc/thread-self/stat", "utf8")),
  main: scheduling(readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, "utf8")),
});
