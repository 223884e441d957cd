import { z } from "zod";
import { MODES } from "../core/model.js";
import { NORMAL_SAFETY, type SafetyState } from "../core/state.js";
import type { Logger } from "../util/log.js";
import type { KeyValue } from "../store/kv.js";

/** Where the safety state lives in the store. */
export const SAFETY_KEY = "safety.state";

/** The stored form of a safety state, checked on the way in from disk. */
export const SafetySchema = z.strictObject({
  mode: z.enum(MODES),
  drill: z.boolean(),
  silent: z.boolean(),
  since: z.number(),
  by: z.string().nullable(),
});

/**
 * The safety state as the last run left it: a lockdown survives a reboot. A missing value is normal;
 * an unreadable one is logged and, to fail towards safety, restored as nothing rather than guessed.
 */
export function loadSafety(kv: KeyValue, log: Logger): SafetyState {
  try {
    const stored = kv.get(SAFETY_KEY, SafetySchema);
    if (stored === undefined) return NORMAL_SAFETY;
    if (stored.mode !== "normal") log.warn({ mode: stored.mode, drill: stored.drill }, "safety mode restored from the store");
    return stored as SafetyState;
  } catch (err) {
    log.error({ err }, "stored safety mode unreadable; starting in normal mode");
    return NORMAL_SAFETY;
  }
}

/** Write the safety state (inside the caller's transaction). */
export function saveSafety(kv: KeyValue, safety: SafetyState, now: number): void {
  kv.set(SAFETY_KEY, safety, now);
}
