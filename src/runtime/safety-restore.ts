import type { RuntimeModel } from "../config/runtime-model.js";
import type { SafetyState } from "../core/state.js";
import type { Logger } from "../util/log.js";
import type { KeyValue } from "../store/kv.js";
import { readSafetyCopy, safetyCopyPath } from "./safety-copy.js";
import { loadSafety } from "./safety-store.js";

/** What a start restores before any input is read. */
export interface RestoredSafety {
  readonly safety: SafetyState;
  /** Fire alarm inputs last known active: egress doors stay released until each reads inactive. */
  readonly fire: readonly string[];
}

/**
 * The safety mode and the active fire inputs as the last run left them. The mode comes from the
 * store or from its second copy, whichever changed last (a store moved aside as corrupt starts empty,
 * and the copy still has the lockdown); the fire inputs from the copy, kept to the fire alarm inputs
 * the configuration still has, since an input no longer configured could never be read inactive.
 */
export function restoreSafety(model: RuntimeModel, kv: KeyValue, log: Logger): RestoredSafety {
  const stored = loadSafety(kv, log);
  const copy = readSafetyCopy(safetyCopyPath(model.storagePath), log);
  if (copy === null) return { safety: stored, fire: [] };
  const safety = copy.safety.since > stored.since ? copy.safety : stored;
  if (safety !== stored) log.warn({ mode: safety.mode, drill: safety.drill }, "safety mode restored from its second copy");
  const fire = copy.fire.filter((id) => model.devices.get(id)?.kind === "fire_alarm");
  if (fire.length > 0) log.warn({ inputs: fire }, "fire alarm was active when the gateway last ran: egress doors stay released until the inputs read inactive");
  return { safety, fire };
}
