import type { Transaction } from "../bus/request-parse.js";
import type { LivePointer } from "./list-store.js";

/** A list request's payload for a list worker to read and run. */
export interface ListCall {
  readonly id: number;
  /** The payload's bytes, in a buffer of their own that crosses to the worker without a copy. */
  readonly payload: Uint8Array;
  /** Epoch ms that stamps the live pointer (the gateway's clock, not the worker's). */
  readonly now: number;
  /** Index the stored live list instead of reading the payload (at start). */
  readonly load?: boolean;
}

/**
 * A list worker's answer to a call: done (counts only, with the new index's data `W` when a list
 * went live), or refused (`code` as in the request API), with the request's transaction.
 */
export type ListAnswer<W> =
  | { readonly id: number; readonly ok: true; readonly transaction: Transaction; readonly answer: Record<string, unknown>; readonly live: LivePointer | null; readonly built?: W }
  | { readonly id: number; readonly ok: false; readonly transaction: Transaction; readonly code: string; readonly message: string };
