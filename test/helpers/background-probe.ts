/**
 * A process that moves its other threads to the background and prints, as JSON, what was done and
 * how the kernel now schedules its main thread and every other thread. With the argument
 * "without-chrt" no `chrt` is to be found.
 */
import { readdirSync, readFileSync } from "node:fs";
import { backgroundOtherThreads } from "../../src/util/thread-priority.js";
import { scheduling } from "./thread-scheduling.js";

const of = (tid: string) => scheduling(readFileSync(`/proc/self/task/${tid}/stat`, "utf8"));

if (process.argv.includes("without-chrt")) process.env.PATH = "/nonexistent";
const done = backgroundOtherThreads();
const others = readdirSync("/proc/self/task").filter((tid) => Number(tid) !== process.pid);
process.stdout.write(JSON.stringify({ done, main: of(String(process.pid)), others: others.map(of) }));
