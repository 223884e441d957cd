import { RequestError } from "../bus/requests.js";
import { refusing } from "../credentials/credential-apply.js";
import type { CredentialStore, LivePointer } from "../credentials/credential-store.js";
import { storedOverlay } from "../credentials/rebuild.js";
import { WatchIndexBuilder, type WatchIndex } from "./watch-index.js";
import type { WatchEntry, WatchlistRequest } from "./watch-schemas.js";

/** Entries read from the store per page (keyset paging: no cursor stays open). */
const PAGE = 5000;
/** Rows deleted per prune transaction. */
const PRUNE_SLICE = 5000;

/** A snapshot part or a delta, every entry validated. */
export type WatchChange = Exclude<WatchlistRequest, { kind: "status" }>;

/** What applying a change produced: counts only, the live list after it, and the new index if one was built. */
export interface WatchApplied {
  readonly answer: Record<string, unknown>;
  readonly live: LivePointer | null;
  readonly index?: WatchIndex;
}

/**
 * Applies district watch lists to the watch list store and builds their index, synchronously (in
 * the watch list worker). As the credential list: a snapshot goes live once every part is in, a
 * delta only on the version it names; a refusal is a RequestError and changes nothing live.
 */
export class WatchApplier {
  private current: LivePointer | null;

  constructor(
    private readonly store: CredentialStore,
    private readonly pace: () => void = () => undefined,
  ) {
    this.current = store.live();
  }

  get live(): LivePointer | null {
    return this.current;
  }

  /** The index of the live list, or null when there is none. */
  load(): WatchIndex | null {
    return this.current === null ? null : this.build(this.current.snapshot, storedOverlay<WatchEntry>(this.store, this.current), this.current.holders);
  }

  apply(change: WatchChange, now: number): WatchApplied {
    return change.kind === "snapshot" ? this.snapshotPart(change, now) : this.delta(change, now);
  }

  /** Delete the rows of lists that are neither live nor being received. */
  prune(): void {
    const keep = this.current === null ? [] : [this.current.snapshot];
    while (this.store.prune(keep, PRUNE_SLICE) > 0) this.pace();
  }

  private snapshotPart(req: Extract<WatchChange, { kind: "snapshot" }>, now: number): WatchApplied {
    if (req.part > req.parts) throw new RequestError("invalid_request", `part ${req.part} of ${req.parts}`);
    if (req.version === this.current?.snapshot) throw new RequestError("version_exists", `version ${req.version} is live`);
    const staged = refusing("invalid_request", () => this.store.stagePart(req.version, req.part, req.parts, req.entries, this.pace));
    const answer = { version: req.version, received: staged.received, parts: req.parts };
    if (staged.received < req.parts) return { answer: { ...answer, applied: false }, live: this.current };
    const index = this.build(req.version, new Map(), staged.holders);
    this.current = this.store.commitSnapshot(req.version, index.size, now);
    return { answer: { ...answer, applied: true, entries: index.size }, live: this.current, index };
  }

  private delta(req: Extract<WatchChange, { kind: "delta" }>, now: number): WatchApplied {
    const live = this.current;
    if (live === null || live.version !== req.base_version) {
      throw new RequestError("version_mismatch", `live version is ${live?.version ?? "none"}, not ${req.base_version}`);
    }
    const overlay = storedOverlay<WatchEntry>(this.store, live);
    for (const e of req.upsert) overlay.set(e.id, e);
    for (const id of req.remove) overlay.set(id, null);
    const index = this.build(live.snapshot, overlay, live.holders);
    this.current = this.store.commitDelta(live, req.version, req.upsert, req.remove, index.size, now);
    return { answer: { version: req.version, applied: true, entries: index.size }, live: this.current, index };
  }

  /** Index a stored snapshot with `overlay` on top; rows were validated when they arrived. */
  private build(snapshot: string, overlay: ReadonlyMap<string, WatchEntry | null>, expected: number): WatchIndex {
    const builder = new WatchIndexBuilder(expected + overlay.size);
    const seen = new Set<string>();
    let after = "";
    for (;;) {
      const rows = this.store.rows(snapshot, after, PAGE);
      for (const row of rows) {
        this.pace();
        const changed = overlay.get(row.holder_id);
        seen.add(row.holder_id);
        if (changed !== null) builder.add(changed ?? (JSON.parse(row.body) as WatchEntry));
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]?.holder_id ?? after;
    }
    for (const [id, e] of overlay) if (e !== null && !seen.has(id)) builder.add(e);
    return builder.finish();
  }
}
