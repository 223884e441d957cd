/**
 * A second baseline for the credential benchmark: a process of its own, in the idle scheduling
 * class (it runs only on a CPU with nothing else to do), that streams through 256 MiB of memory,
 * far past every cache, for the milliseconds given as its argument. While it runs, the main thread's
 * waits show what this machine does to a thread when its memory is busy, with none of the
 * gateway's own work involved: the credential worker's waits are read against them.
 */
import { execFileSync } from "node:child_process";

try {
  execFileSync("chrt", ["--idle", "--all-tasks", "--pid", "0", String(process.pid)], { stdio: "ignore" });
} catch {
  // No idle class here: the load runs at normal priority, and the figures say more than they should.
}
const lines = new Float64Array((256 * 1024 * 1024) / Float64Array.BYTES_PER_ELEMENT);
const end = performance.now() + Number(process.argv[2]);
process.send?.("loading");
// One write per 64-byte cache line, so every step goes to memory.
while (performance.now() < end) {
  for (let i = 0; i < lines.length; i += 8) lines[i] = (lines[i] ?? 0) + 1;
}
process.exit(0);
