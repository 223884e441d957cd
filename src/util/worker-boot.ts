/**
 * The first module of every worker thread started by startModuleWorker: sets the thread's
 * priority before the worker's own modules load (loading them is work too), then runs it.
 * Arguments, last two: the worker module's URL, and `background` or `normal`.
 */
import { argv } from "node:process";
import { backgroundThread } from "./thread-priority.js";

const [target = "", priority] = argv.slice(-2);
if (priority === "background") backgroundThread();
await import(target);
