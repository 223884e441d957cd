import { backoffCeiling } from "../../util/backoff.js";

/** Reconnect backoff: the delay doubles from `initialMs` up to `maxMs`, less up to `jitter` of itself. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** 0..1: the share of the delay taken off at random, so a site's readers do not retry in step. */
  readonly jitter: number;
}

/** 250 ms catches a quick replug; 10 s bounds the retry load of a device that is gone for good. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, jitter: 0.2 };

/** The delay before retry number `attempt` (0 first). */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number): number {
  return Math.round(backoffCeiling(attempt, o.initialMs, o.maxMs) * (1 - o.jitter * random()));
}
