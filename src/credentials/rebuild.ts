import { ProfileInterner } from "../config/compile-access.js";
import { CredentialIndex, type CredentialIndexData } from "../core/credential-index/credential-index.js";
import type { AccessProfile, SiteModel } from "../core/model.js";
import type { CredentialStore, LivePointer } from "./credential-store.js";
import type { DistrictHolder } from "../bus/request-schemas.js";
import { toRecord } from "./wire.js";

/** Holders read from the store per page: keyset paging keeps no cursor open and memory flat. */
const PAGE = 5000;

/** What the index of a site is built from besides the district list (plain data: it crosses to a worker). */
export interface LocalHolders {
  /** Access group ids of the site's own profiles, in profile order (local records point at them). */
  readonly profileGroups: readonly (readonly string[])[];
  /**
   * The site's own cardholders, as the data of their compiled index: typed arrays of a few MB for
   * 100,000 holders, where as records they would take tens of MB on each side of the worker.
   */
  readonly index: CredentialIndexData;
}

/** What to index: the live list, optionally with a candidate snapshot or delta in its place. */
export interface IndexPlan {
  /** The snapshot whose rows are read (null: no district list, local holders only). */
  readonly snapshot: string | null;
  /** Holder changes on top of the snapshot, in order (stored deltas, then a candidate delta). */
  readonly overlay: ReadonlyMap<string, DistrictHolder | null>;
  /** Expected district holder count, to size the index so it never grows mid-build. */
  readonly expected: number;
}

/** A built index, the access groups of each profile its records point at, and its district holder count. */
export interface BuiltList {
  readonly index: CredentialIndex;
  readonly groupIds: readonly (readonly string[])[];
  readonly holders: number;
}

/** The local holders of a compiled site. */
export function localHolders(core: SiteModel): LocalHolders {
  return { profileGroups: core.profileGroups, index: core.credentials.toData() };
}

/** Stored deltas of the live list as one overlay (later changes win). */
export function storedOverlay<T = DistrictHolder>(store: CredentialStore, live: LivePointer | null): Map<string, T | null> {
  const overlay = new Map<string, T | null>();
  if (live === null) return overlay;
  for (const d of store.deltas(live.snapshot)) {
    overlay.set(d.holder_id, d.body === null ? null : (JSON.parse(d.body) as T));
  }
  return overlay;
}

/**
 * Build the credential index of the district list plus the site's own cardholders. District
 * holders win over a local holder with the same id; a badge given to two holders fails the build
 * (RangeError), and nothing is swapped. Runs whole: in the credential worker (which passes its
 * `pace`), or at start before any decision.
 */
export function buildIndex(local: LocalHolders, store: CredentialStore, plan: IndexPlan, pace: () => void = () => undefined): BuiltList {
  // Profiles are interned by group ids only; the main thread attaches the groups' schedules.
  const interner = new ProfileInterner(new Map());
  for (const groups of local.profileGroups) interner.intern(groups);
  const own = CredentialIndex.fromData(local.index);
  const builder = CredentialIndex.builder(plan.expected + plan.overlay.size + own.holderCount);
  const seen = new Set<string>();
  const add = (h: DistrictHolder) => {
    seen.add(h.id);
    builder.add(toRecord(h, (g) => interner.intern(g)));
  };
  let after = "";
  while (plan.snapshot !== null) {
    const rows = store.rows(plan.snapshot, after, PAGE);
    for (const row of rows) {
      pace();
      const changed = plan.overlay.get(row.holder_id);
      if (changed === null) continue;
      // Rows were validated when they arrived; the store is the gateway's own, so they are read as stored.
      add(changed ?? (JSON.parse(row.body) as DistrictHolder));
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.holder_id ?? after;
  }
  for (const [id, h] of plan.overlay) if (h !== null && !seen.has(id)) add(h);
  const holders = seen.size;
  for (const r of own.records()) if (!seen.has(r.holderId)) builder.add(r);
  return { index: builder.finish(), groupIds: interner.groupIds, holders };
}

/** The access profiles of a built list, with the site's access group grants attached. */
export function profilesOf(core: SiteModel, groupIds: readonly (readonly string[])[]): AccessProfile[] {
  const interner = new ProfileInterner(core.accessGroups);
  for (const ids of groupIds) interner.intern(ids);
  return interner.profiles;
}
