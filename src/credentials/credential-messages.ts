import type { CredentialIndexData } from "../core/credential-index/credential-index.js";
import type { LocalHolders } from "./rebuild.js";

/** What the credential worker starts with (plain data: structured-cloned into the thread). */
export interface WorkerSetup {
  /** The credential store file. */
  readonly path: string;
  /** Access group ids of the site. */
  readonly groups: readonly string[];
  readonly local: LocalHolders;
}

/** A built index as it crosses back: its typed arrays are transferred, not copied. */
export interface BuiltData {
  readonly data: CredentialIndexData;
  readonly groupIds: readonly (readonly string[])[];
  readonly holders: number;
}
