import { ProfileInterner } from "../config/compile-access.js";
import { CredentialIndex, type CredentialRecord } from "../core/credential-index.js";
import type { AccessProfile, SiteModel } from "../core/model.js";
import type { CredentialStore, LivePointer } from "./credential-store.js";
import { toRecord, type DistrictHolder } from "./wire.js";

/** Holders read and indexed per slice: about a millisecond of work, so decisions wait no longer. */
export const SLICE = 1000;

/** What to index: the live list, optionally with a candidate snapshot or delta in its place. */
export interface IndexPlan {
  /** The snapshot whose rows are read (null: no district list, local holders only). */
  readonly snapshot: string | null;
  /** Holder changes on top of the snapshot, in order (stored deltas, then a candidate delta). */
  readonly overlay: ReadonlyMap<string, DistrictHolder | null>;
  /** Expected district holder count, to size the index so it never grows mid-build. */
  readonly expected: number;
}

/** A built index with the profiles its records point at. */
export interface BuiltIndex {
  readonly credentials: CredentialIndex;
  readonly profiles: readonly AccessProfile[];
  readonly holders: number;
}

/** Stored deltas of the live list as one overlay (later changes win). */
export function storedOverlay(store: CredentialStore, live: LivePointer | null): Map<string, DistrictHolder | null> {
  const overlay = new Map<string, DistrictHolder | null>();
  if (live === null) return overlay;
  for (const d of store.deltas(live.snapshot)) {
    overlay.set(d.holder_id, d.body === null ? null : (JSON.parse(d.body) as DistrictHolder));
  }
  return overlay;
}

/**
 * Build the credential index of the district list plus the site's own cardholders, in slices with
 * `pause()` between them so decisions keep flowing. District holders win over a local holder with
 * the same id; a badge given to two holders fails the build (RangeError), and nothing is swapped.
 */
export async function buildIndex(
  core: SiteModel,
  store: CredentialStore,
  plan: IndexPlan,
  pause: () => Promise<void>,
): Promise<BuiltIndex> {
  const interner = new ProfileInterner(core.accessGroups);
  for (const groups of core.profileGroups) interner.intern(groups);
  const local = [...core.credentials.records()];
  const builder = CredentialIndex.builder(plan.expected + plan.overlay.size + local.length);
  const seen = new Set<string>();
  const add = (h: DistrictHolder) => {
    seen.add(h.id);
    builder.add(toRecord(h, (g) => interner.intern(g)));
  };
  let after = "";
  while (plan.snapshot !== null) {
    const rows = store.rows(plan.snapshot, after, SLICE);
    for (const row of rows) {
      const changed = plan.overlay.get(row.holder_id);
      if (changed === null) continue;
      // Rows were validated when they arrived; the store is the gateway's own, so they are read as stored.
      add(changed ?? (JSON.parse(row.body) as DistrictHolder));
    }
    if (rows.length < SLICE) break;
    after = rows[rows.length - 1]?.holder_id ?? after;
    await pause();
  }
  for (const [id, h] of plan.overlay) if (h !== null && !seen.has(id)) add(h);
  const holders = seen.size;
  for (const r of local) if (!seen.has(r.holderId)) builder.add(r satisfies CredentialRecord);
  return { credentials: builder.finish(), profiles: interner.profiles, holders };
}
