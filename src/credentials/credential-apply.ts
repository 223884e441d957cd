import type { CredentialsRequest, DistrictHolder } from "../bus/request-schemas.js";
import { RequestError } from "../bus/requests.js";
import { ListApplier, type Applied as ListApplied, type ListKind } from "../lists/list-apply.js";
import type { ListStore } from "../lists/list-store.js";
import { buildIndex, type BuiltList, type LocalHolders } from "./rebuild.js";

/** A snapshot part or a delta, every holder validated. */
export type ListChange = Exclude<CredentialsRequest, { kind: "status" }>;
type SnapshotRequest = Extract<ListChange, { kind: "snapshot" }>;

/** What applying a change produced: the answer, the live list after it, and the new index if one was built. */
export type Applied = ListApplied<BuiltList>;

/** The credential list: holders whose access groups the site knows, indexed with the site's own cardholders. */
function credentialList(local: LocalHolders, groups: ReadonlySet<string>, store: ListStore): ListKind<DistrictHolder, SnapshotRequest, BuiltList> {
  return {
    counted: "holders",
    unindexable: "invalid_credentials",
    rowsOf: (part) => part.holders,
    check(holders) {
      for (const h of holders) {
        const unknown = h.access_groups.find((g) => !groups.has(g));
        if (unknown !== undefined) throw new RequestError("invalid_request", `holder ${h.id}: no access group "${unknown}" at this site`);
      }
    },
    build: (plan, pace) => buildIndex(local, store, plan, pace),
    size: (built) => built.holders,
  };
}

/**
 * Applies district credential lists to the credential store and builds their index (see
 * ListApplier), synchronously: it runs in the credential worker, or at start before any decision.
 */
export class CredentialApplier extends ListApplier<DistrictHolder, SnapshotRequest, BuiltList> {
  constructor(local: LocalHolders, groups: ReadonlySet<string>, store: ListStore, pace?: () => void) {
    super(credentialList(local, groups, store), store, pace);
  }
}
