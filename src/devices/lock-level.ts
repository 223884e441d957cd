/**
 * Whether a lock's relay is energised to reach a lock state. A fail-safe lock (maglock) holds only
 * while powered, so locked = energised; a fail-secure strike holds unpowered, so unlocked = energised.
 * The same rule gives each lock's safe level at start.
 */
export function lockEnergised(failMode: "safe" | "secure", locked: boolean): boolean {
  return failMode === "safe" ? locked : !locked;
}
