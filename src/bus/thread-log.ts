import { pino } from "pino";
import type { Logger } from "../util/log.js";

/** One log call made in another thread: its level, the logger's bindings and the call's arguments. */
export interface LogRecord {
  readonly level: number;
  readonly bindings: Record<string, unknown>;
  readonly args: unknown[];
}

/**
 * A logger for a worker thread whose records the gateway's logger writes: each call at an enabled
 * level is handed to `send` as it was made, so that the lines look, and are filtered, like the main
 * thread's own (and go where its go, tests' captures included). Records below `level` are dropped here.
 */
export function forwardingLogger(level: string, send: (record: LogRecord) => void): Logger {
  return pino({
    level,
    base: null,
    hooks: {
      logMethod(args, _write, at) {
        send({ level: at, bindings: this.bindings(), args: cloneable(args) });
      },
    },
  });
}

/** The arguments with errors reduced to what a log line shows of them, which any thread can receive. */
function cloneable(args: unknown[]): unknown[] {
  return args.map((arg) => {
    if (arg === null || typeof arg !== "object" || Array.isArray(arg)) return arg;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(arg)) out[key] = value instanceof Error ? pino.stdSerializers.err(value) : value;
    return out;
  });
}

/** Write a record forwarded by forwardingLogger with `log`, as if the call had been made here. */
export function writeRecord(log: Logger, record: LogRecord): void {
  const label = pino.levels.labels[record.level];
  if (label === undefined) return;
  const target = Object.keys(record.bindings).length > 0 ? log.child(record.bindings) : log;
  const method = (target as unknown as Record<string, (...a: unknown[]) => void>)[label];
  method?.apply(target, record.args);
}
