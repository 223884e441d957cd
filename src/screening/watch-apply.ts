import { ListApplier, type ListKind } from "../lists/list-apply.js";
import { scanList } from "../lists/list-scan.js";
import type { ListStore } from "../lists/list-store.js";
import { WatchIndexBuilder, type WatchIndex } from "./watch-index.js";
import type { WatchEntry, WatchlistRequest } from "./watch-schemas.js";

/** A snapshot part or a delta, every entry validated. */
export type WatchChange = Exclude<WatchlistRequest, { kind: "status" }>;
type SnapshotRequest = Extract<WatchChange, { kind: "snapshot" }>;

/** The watch list: entries indexed by folded name, nickname, phonetic code and date of birth. */
function watchList(store: ListStore): ListKind<WatchEntry, SnapshotRequest, WatchIndex> {
  return {
    counted: "entries",
    unindexable: "invalid_request",
    rowsOf: (part) => part.entries,
    check: () => undefined,
    build(plan, pace) {
      const builder = new WatchIndexBuilder(plan.expected + plan.overlay.size);
      scanList<WatchEntry>(store, plan, (e) => builder.add(e), pace);
      return builder.finish();
    },
    size: (index) => index.size,
  };
}

/**
 * Applies district watch lists to the watch list store and builds their index (see ListApplier),
 * synchronously, in the watch list worker.
 */
export class WatchApplier extends ListApplier<WatchEntry, SnapshotRequest, WatchIndex> {
  constructor(store: ListStore, pace?: () => void) {
    super(watchList(store), store, pace);
  }
}
