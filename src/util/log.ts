import { pino, type Logger, type LoggerOptions } from "pino";

export type { Logger } from "pino";

/** Options of the gateway's logger. */
export interface LogOptions {
  /** pino level name; default "info". */
  level?: string;
  /** Human-readable output; default: when stdout is a terminal. */
  pretty?: boolean;
}

/**
 * The root logger: JSON lines for journald and log shippers, pretty when a person watches a terminal
 * (one line per entry there too: an event is one line, its fields beside the sentence).
 * Modules take `log.child({ mod: "bus/broker" })` from the logger handed to them; none creates its own.
 */
export function createLogger(opts: LogOptions = {}): Logger {
  const base: LoggerOptions = { level: opts.level ?? "info", base: { app: "gatehouse" } };
  const pretty = opts.pretty ?? process.stdout.isTTY === true;
  if (!pretty) return pino(base);
  return pino({
    ...base,
    transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,app", singleLine: true } },
  });
}

/** A logger that drops everything: for tests and tools that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

/**
 * A badge number as it may appear in logs at info level: only the last digits, like a payment card
 * receipt. Badge numbers identify students (FERPA); the full value lives only in the audit store.
 */
export function maskCredential(value: string): string {
  const keep = 3;
  if (value.length <= keep) return "*".repeat(value.length);
  return `…${value.slice(-keep)}`;
}
