import { RequestError } from "../bus/requests.js";
import { storedOverlay, type ListPlan } from "./list-scan.js";
import type { ListRow, ListStore, LivePointer } from "./list-store.js";

/** Rows deleted per prune transaction: short writes, so a reader of the file never waits long. */
const PRUNE_SLICE = 5000;

/** One part of a snapshot, its rows validated (a list kind names where they are). */
export interface SnapshotPart {
  readonly kind: "snapshot";
  readonly version: string;
  readonly part: number;
  readonly parts: number;
}

/** A delta against the live version, its rows validated. */
export interface Delta<E extends ListRow> {
  readonly kind: "delta";
  readonly version: string;
  readonly base_version: string;
  readonly upsert: readonly E[];
  readonly remove: readonly string[];
}

/** What a list is made of and how its index is built: what differs between the credential and the watch list. */
export interface ListKind<E extends ListRow, S extends SnapshotPart, B> {
  /** The answer's name for the count of rows ("holders", "entries"). */
  readonly counted: string;
  /** The refusal code of a list that cannot be indexed. */
  readonly unindexable: string;
  /** The rows of a snapshot part. */
  rowsOf(part: S): readonly E[];
  /** Refuse (RequestError) rows the site cannot use, before anything is stored. */
  check(rows: readonly E[]): void;
  /** Build the index of `plan`; a RangeError refuses the list. */
  build(plan: ListPlan<E>, pace: () => void): B;
  /** District rows in a built index. */
  size(built: B): number;
}

/** What applying a change produced: counts only, the live list after it, and the new index if one was built. */
export interface Applied<B> {
  readonly answer: Record<string, unknown>;
  readonly live: LivePointer | null;
  readonly built?: B;
}

/**
 * Applies district lists to their store and builds their index, synchronously (it runs in the
 * list's worker thread). A list becomes live only whole: a snapshot once every part is in and the
 * index builds, a delta only on the version it names. A refusal is a RequestError and stores no
 * live change.
 */
export class ListApplier<E extends ListRow, S extends SnapshotPart, B> {
  private current: LivePointer | null;

  constructor(
    private readonly kind: ListKind<E, S, B>,
    private readonly store: ListStore,
    /** Called often during long work; a worker passes a pacer that rests now and then. */
    private readonly pace: () => void = () => undefined,
  ) {
    this.current = store.live();
  }

  /** The live list, or null when the district never sent one. */
  get live(): LivePointer | null {
    return this.current;
  }

  /** The live version and its row count, as `status` answers them. */
  status(): Record<string, unknown> {
    return { version: this.current?.version ?? null, [this.kind.counted]: this.current?.holders ?? 0 };
  }

  /** The index of the live list, or null when there is none. */
  load(): B | null {
    const live = this.current;
    return live === null ? null : this.build(this.planFor(live, new Map()));
  }

  /** Apply a validated snapshot part or delta; `now` stamps the live pointer. */
  apply(change: S | Delta<E>, now: number): Applied<B> {
    if (change.kind === "snapshot") {
      this.kind.check(this.kind.rowsOf(change as S));
      return this.snapshotPart(change as S, now);
    }
    this.kind.check(change.upsert);
    return this.delta(change, now);
  }

  /** Delete the rows of lists that are neither live nor being received, a slice at a time. */
  prune(): void {
    const keep = this.current === null ? [] : [this.current.snapshot];
    while (this.store.prune(keep, PRUNE_SLICE) > 0) this.pace();
  }

  private snapshotPart(req: S, now: number): Applied<B> {
    if (req.part > req.parts) throw new RequestError("invalid_request", `part ${req.part} of ${req.parts}`);
    if (req.version === this.current?.snapshot) throw new RequestError("version_exists", `version ${req.version} is live`);
    const staged = refusing("invalid_request", () => this.store.stagePart(req.version, req.part, req.parts, this.kind.rowsOf(req), this.pace));
    const answer = { version: req.version, received: staged.received, parts: req.parts };
    if (staged.received < req.parts) return { answer: { ...answer, applied: false }, live: this.current };
    let built: B;
    try {
      built = this.build({ snapshot: req.version, overlay: new Map(), expected: staged.holders });
    } catch (err) {
      // A refused list is forgotten, so the district can send the corrected list under the same version.
      this.prune();
      throw err;
    }
    const size = this.kind.size(built);
    this.current = this.store.commitSnapshot(req.version, size, now);
    return { answer: { ...answer, applied: true, [this.kind.counted]: size }, live: this.current, built };
  }

  private delta(req: Delta<E>, now: number): Applied<B> {
    const live = this.current;
    if (live === null || live.version !== req.base_version) {
      throw new RequestError("version_mismatch", `live version is ${live?.version ?? "none"}, not ${req.base_version}`);
    }
    const changes = new Map<string, E | null>();
    for (const row of req.upsert) changes.set(row.id, row);
    for (const id of req.remove) changes.set(id, null);
    const built = this.build(this.planFor(live, changes));
    const size = this.kind.size(built);
    this.current = this.store.commitDelta(live, req.version, req.upsert, req.remove, size, now);
    return { answer: { version: req.version, applied: true, [this.kind.counted]: size }, live: this.current, built };
  }

  private planFor(live: LivePointer, extra: ReadonlyMap<string, E | null>): ListPlan<E> {
    const overlay = storedOverlay<E>(this.store, live);
    for (const [id, row] of extra) overlay.set(id, row);
    return { snapshot: live.snapshot, overlay, expected: live.holders };
  }

  private build(plan: ListPlan<E>): B {
    return refusing(this.kind.unindexable, () => this.kind.build(plan, this.pace));
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
