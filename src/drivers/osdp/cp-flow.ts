/**
 * The table of one reader's states (cp-reader.ts): where each goes on success and on error, after
 * libosdp's `osdp_cp.c`.
 */

import type { ReaderState } from "./cp-outgoing.js";

/** A state's next state on success and on error. */
export interface Flow {
  ok: ReaderState;
  error: ReaderState;
}

/** Next state on success and on error; the success targets marked below depend on the policy. */
export const FLOW: Record<Exclude<ReaderState, "offline">, Flow> = {
  id: { ok: "cap", error: "offline" },
  cap: { ok: "chlng", error: "offline" }, // "online" when the policy is plaintext
  chlng: { ok: "scrypt", error: "offline" },
  scrypt: { ok: "online", error: "offline" }, // "keyset" when the session runs on SCBK-D
  keyset: { ok: "chlng", error: "offline" }, // a new key: handshake again under it
  online: { ok: "online", error: "id" }, // a broken exchange restarts at sequence 0
};

/** The flow of a state; `offline` goes on to `id` once its backoff is over. */
export function flowOf(state: ReaderState): Flow {
  return state === "offline" ? { ok: "id", error: "offline" } : FLOW[state];
}
