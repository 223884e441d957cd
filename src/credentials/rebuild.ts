import { ProfileInterner } from "../config/compile-access.js";
import { CredentialIndex, type CredentialIndexData } from "../core/credential-index/credential-index.js";
import type { AccessProfile, SiteModel } from "../core/model.js";
import { scanList, type ListPlan } from "../lists/list-scan.js";
import type { ListStore } from "../lists/list-store.js";
import type { DistrictHolder } from "../bus/request-schemas.js";
import { toRecord } from "./wire.js";

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

/** What to index: the live list, optionally with a candidate snapshot or delta in its place (null snapshot: local holders only). */
export type IndexPlan = ListPlan<DistrictHolder>;

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

/**
 * Build the credential index of the district list plus the site's own cardholders. District
 * holders win over a local holder with the same id; a badge given to two holders fails the build
 * (RangeError), and nothing is swapped. Runs whole: in the credential worker (which passes its
 * `pace`), or at start before any decision.
 */
export function buildIndex(local: LocalHolders, store: ListStore, plan: IndexPlan, pace: () => void = () => undefined): BuiltList {
  // Profiles are interned by group ids only; the main thread attaches the groups' schedules.
  const interner = new ProfileInterner(new Map());
  for (const groups of local.profileGroups) interner.intern(groups);
  const own = CredentialIndex.fromData(local.index);
  const builder = CredentialIndex.builder(plan.expected + plan.overlay.size + own.holderCount);
  const seen = scanList<DistrictHolder>(store, plan, (h) => builder.add(toRecord(h, (g) => interner.intern(g))), pace);
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
