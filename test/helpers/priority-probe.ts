/**
 * A worker that reports how the kernel schedules its thread and the process's main thread. With
 * workerData "without-chrt" it first makes itself a background thread with no `chrt` to be found.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { backgroundThread } from "../../src/util/thread-priority.js";
import { scheduling } from "./thread-scheduling.js";

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
