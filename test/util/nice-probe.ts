/** A worker that lowers its own priority and reports what the kernel says it is now. */
import { readlinkSync } from "node:fs";
import { getPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { lowerThreadPriority } from "../../src/util/thread-priority.js";

const lowered = lowerThreadPriority(workerData as number);
const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
parentPort?.postMessage({ lowered, thread: getPriority(tid), process: getPriority(process.pid) });
