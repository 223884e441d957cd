import type { Transaction } from "../bus/request-parse.js";
import type { WatchIndexData } from "./watch-index.js";

/** What the watch list worker starts with. */
export interface WatchSetup {
  /** The watch list store file. */
  readonly path: string;
}

/** A `request/watchlist` payload for the worker, in a buffer of its own. */
export interface WatchCall {
  readonly id: number;
  readonly payload: Uint8Array;
  readonly now: number;
  /** Index the stored live list instead of reading the payload (at start). */
  readonly load?: boolean;
}

/** The worker's answer: done (with the new index's data when a list went live), or refused. */
export type WatchAnswer =
  | { readonly id: number; readonly ok: true; readonly transaction: Transaction; readonly answer: Record<string, unknown>; readonly data?: WatchIndexData }
  | { readonly id: number; readonly ok: false; readonly transaction: Transaction; readonly code: string; readonly message: string };
