import type { Transaction } from "../bus/request-parse.js";
import type { CredentialIndexData } from "../core/credential-index/credential-index.js";
import type { LivePointer } from "./credential-store.js";
import type { LocalHolders } from "./rebuild.js";

/** What the credential worker starts with (plain data: structured-cloned into the thread). */
export interface WorkerSetup {
  /** The credential store file. */
  readonly path: string;
  /** Access group ids of the site. */
  readonly groups: readonly string[];
  readonly local: LocalHolders;
}

/** A `request/credentials` payload for the worker to read and run. */
export interface WorkerCall {
  readonly id: number;
  /** The payload's bytes, in a buffer of their own that crosses to the worker without a copy. */
  readonly payload: Uint8Array;
  /** Epoch ms that stamps the live pointer (the gateway's clock, not the worker's). */
  readonly now: number;
}

/** A built index as it crosses back: its typed arrays are transferred, not copied. */
export interface BuiltData {
  readonly data: CredentialIndexData;
  readonly groupIds: readonly (readonly string[])[];
  readonly holders: number;
}

/** The worker's answer to a call: done, or refused (`code` as in the request API), with the request's transaction. */
export type WorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly transaction: Transaction; readonly answer: Record<string, unknown>; readonly live: LivePointer | null; readonly built?: BuiltData }
  | { readonly id: number; readonly ok: false; readonly transaction: Transaction; readonly code: string; readonly message: string };
