// Runs a worker from TypeScript sources (tests, benchmarks, `npm run gatehouse`): registers the
// TypeScript loader in this thread, then imports the module named by the first argument (the
// worker boot module, which reads the arguments after it). Built code never comes here: its
// workers are plain JavaScript.
import { execFileSync } from "node:child_process";
import { readlinkSync } from "node:fs";
import { argv } from "node:process";
import { register } from "tsx/esm/api";

// The loader compiles the worker's sources in a thread of its own, which takes the priority of this
// thread when it starts: a background worker moves into the idle class before that (the boot module,
// in TypeScript, cannot run yet; it does the same again, and is what built code runs).
if (argv.at(-1) === "background") {
  try {
    execFileSync("chrt", ["--idle", "--pid", "0", readlinkSync("/proc/thread-self").split("/").pop()], { stdio: "ignore" });
  } catch {
    // Not Linux, or no chrt: the boot module falls back to a nice value.
  }
}
register();
await import(argv[2]);
