import type { CredentialIndexData } from "../core/credential-index.js";
import type { ListCall } from "./credential-apply.js";
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

/** A change for the worker to apply. */
export interface WorkerCall {
  readonly id: number;
  readonly change: ListCall;
  /** Epoch ms that stamps the live pointer (the gateway's clock, not the worker's). */
  readonly now: number;
}

/** A built index as it crosses back: its typed arrays are transferred, not copied. */
export interface BuiltData {
  readonly data: CredentialIndexData;
  readonly groupIds: readonly (readonly string[])[];
  readonly holders: number;
}

/** The worker's answer to a call: applied, or refused (`code` as in the request API). */
export type WorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly answer: Record<string, unknown>; readonly live: LivePointer | null; readonly built?: BuiltData }
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string };
