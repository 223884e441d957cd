import type { CredentialsRequest, DistrictHolder } from "../bus/request-schemas.js";
import { RequestError } from "../bus/requests.js";
import type { CredentialStore, LivePointer } from "./credential-store.js";
import { buildIndex, storedOverlay, type BuiltList, type IndexPlan, type LocalHolders } from "./rebuild.js";

/** Rows deleted per prune transaction: short writes, so a reader of the file never waits long. */
const PRUNE_SLICE = 5000;

/** A snapshot part or a delta, every holder validated. */
export type ListChange = Exclude<CredentialsRequest, { kind: "status" }>;

/** What applying a change produced: the answer, the live list after it, and the new index if one was built. */
export interface Applied {
  readonly answer: Record<string, unknown>;
  readonly live: LivePointer | null;
  readonly built?: BuiltList;
}

/**
 * Applies district lists to the credential store and builds their index, synchronously (it runs in
 * the credential worker). A list becomes live only whole: a snapshot once every part is in and the
 * index builds, a delta only on the version it names. A refusal is a RequestError and stores no
 * live change.
 */
export class CredentialApplier {
  private current: LivePointer | null;

  constructor(
    private readonly local: LocalHolders,
    private readonly groups: ReadonlySet<string>,
    private readonly store: CredentialStore,
    /** Called often during long work; the worker passes a pacer that rests now and then. */
    private readonly pace: () => void = () => undefined,
  ) {
    this.current = store.live();
  }

  /** The live list, or null when the district never sent one. */
  get live(): LivePointer | null {
    return this.current;
  }

  /** The index of the live list, or null when there is none. */
  load(): BuiltList | null {
    const live = this.current;
    return live === null ? null : this.build(this.planFor(live, new Map()));
  }

  /** Apply a validated snapshot part or delta; `now` stamps the live pointer. */
  apply(change: ListChange, now: number): Applied {
    this.checkGroups(change.kind === "snapshot" ? change.holders : change.upsert);
    return change.kind === "snapshot" ? this.snapshotPart(change, now) : this.delta(change, now);
  }

  /** Delete the rows of lists that are neither live nor being received, a slice at a time. */
  prune(): void {
    const keep = this.current === null ? [] : [this.current.snapshot];
    while (this.store.prune(keep, PRUNE_SLICE) > 0) this.pace();
  }

  private checkGroups(holders: readonly DistrictHolder[]): void {
    for (const h of holders) {
      const unknown = h.access_groups.find((g) => !this.groups.has(g));
      if (unknown !== undefined) throw new RequestError("invalid_request", `holder ${h.id}: no access group "${unknown}" at this site`);
    }
  }

  private snapshotPart(req: Extract<ListChange, { kind: "snapshot" }>, now: number): Applied {
    if (req.part > req.parts) throw new RequestError("invalid_request", `part ${req.part} of ${req.parts}`);
    if (req.version === this.current?.snapshot) throw new RequestError("version_exists", `version ${req.version} is live`);
    const staged = refusing("invalid_request", () => this.store.stagePart(req.version, req.part, req.parts, req.holders, this.pace));
    const answer = { version: req.version, received: staged.received, parts: req.parts };
    if (staged.received < req.parts) return { answer: { ...answer, applied: false }, live: this.current };
    let built: BuiltList;
    try {
      built = this.build({ snapshot: req.version, overlay: new Map(), expected: staged.holders });
    } catch (err) {
      // A refused list is forgotten, so the district can send the corrected list under the same version.
      this.prune();
      throw err;
    }
    this.current = this.store.commitSnapshot(req.version, built.holders, now);
    return { answer: { ...answer, applied: true, holders: built.holders }, live: this.current, built };
  }

  private delta(req: Extract<ListChange, { kind: "delta" }>, now: number): Applied {
    const live = this.current;
    if (live === null || live.version !== req.base_version) {
      throw new RequestError("version_mismatch", `live version is ${live?.version ?? "none"}, not ${req.base_version}`);
    }
    const changes = new Map<string, DistrictHolder | null>();
    for (const h of req.upsert) changes.set(h.id, h);
    for (const id of req.remove) changes.set(id, null);
    const built = this.build(this.planFor(live, changes));
    this.current = this.store.commitDelta(live, req.version, req.upsert, req.remove, built.holders, now);
    return { answer: { version: req.version, applied: true, holders: built.holders }, live: this.current, built };
  }

  private planFor(live: LivePointer, extra: Map<string, DistrictHolder | null>): IndexPlan {
    const overlay = storedOverlay(this.store, live);
    for (const [id, h] of extra) overlay.set(id, h);
    return { snapshot: live.snapshot, overlay, expected: live.holders };
  }

  private build(plan: IndexPlan): BuiltList {
    return refusing("invalid_credentials", () => buildIndex(this.local, this.store, plan, this.pace));
  }
}

/** Run `work`, turning a RangeError (a list that cannot be stored or indexed) into a refusal with `code`. */
export function refusing<T>(code: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof RangeError) throw new RequestError(code, err.message);
    throw err;
  }
}
