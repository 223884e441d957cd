// Runs a TypeScript worker module from sources (tests, benchmarks, `npm run gatehouse`): registers
// the TypeScript loader in this thread, then imports the module named by the first argument.
// Built code never comes here: its workers are plain JavaScript.
import { argv } from "node:process";
import { register } from "tsx/esm/api";

register();
await import(argv[2]);
