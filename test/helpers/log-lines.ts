import { Writable } from "node:stream";
import { pino } from "pino";
import type { Logger } from "../../src/util/log.js";

/** A debug-level logger whose lines are kept, parsed, for a test to inspect. */
export function capturedLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "debug" }, sink), lines };
}
