import type { ListStore, LivePointer } from "./list-store.js";

/** Rows read from the store per page: keyset paging keeps no cursor open and memory flat. */
const PAGE = 5000;

/** What to index: a stored snapshot with changes on top of it. */
export interface ListPlan<E> {
  /** The snapshot whose rows are read (null: no district list). */
  readonly snapshot: string | null;
  /** Row changes on top of the snapshot, by id (stored deltas, then a candidate delta); null removes. */
  readonly overlay: ReadonlyMap<string, E | null>;
  /** Expected row count, to size an index so it never grows mid-build. */
  readonly expected: number;
}

/** Stored deltas of the live list as one overlay (later changes win). */
export function storedOverlay<E>(store: ListStore, live: LivePointer | null): Map<string, E | null> {
  const overlay = new Map<string, E | null>();
  if (live === null) return overlay;
  for (const d of store.deltas(live.snapshot)) {
    overlay.set(d.holder_id, d.body === null ? null : (JSON.parse(d.body) as E));
  }
  return overlay;
}

/**
 * Hand every row of the list `plan` names to `visit`: the snapshot's rows in id order with the
 * overlay's changes in their place, then the overlay's new rows. Returns the ids visited. Rows were
 * validated when they arrived and the store is the gateway's own, so they are read as stored.
 */
export function scanList<E>(store: ListStore, plan: ListPlan<E>, visit: (row: E) => void, pace: () => void): Set<string> {
  const seen = new Set<string>();
  let after = "";
  while (plan.snapshot !== null) {
    const rows = store.rows(plan.snapshot, after, PAGE);
    for (const row of rows) {
      pace();
      const changed = plan.overlay.get(row.holder_id);
      if (changed === null) continue;
      seen.add(row.holder_id);
      visit(changed ?? (JSON.parse(row.body) as E));
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.holder_id ?? after;
  }
  for (const [id, row] of plan.overlay) {
    if (row === null || seen.has(id)) continue;
    seen.add(id);
    visit(row);
  }
  return seen;
}
