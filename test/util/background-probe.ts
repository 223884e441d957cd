/**
 * A process that moves its other threads to the background and prints, as JSON, what was done and
 * how the kernel now schedules its main thread and every other thread. With the argument
 * "without-chrt" no `chrt` is to be found.
 */
import { readdirSync, readFileSync } from "node:fs";
import { backgroundOtherThreads } from "../../src/util/thread-priority.js";

/** Nice value and scheduling policy (0 normal, 5 idle) of a thread of this process. */
function scheduling(tid: string): { nice: number; policy: number } {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { nice: Number(fields[16]), policy: Number(fields[38]) };
}

if (process.argv.includes("without-chrt")) process.env.PATH = "/nonexistent";
const done = backgroundOtherThreads();
const others = readdirSync("/proc/self/task").filter((tid) => Number(tid) !== process.pid);
process.stdout.write(JSON.stringify({ done, main: scheduling(String(process.pid)), others: others.map(scheduling) }));
