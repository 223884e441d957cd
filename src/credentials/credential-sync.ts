import { RequestError, type RequestRouter } from "../bus/requests.js";
import { createDecider } from "../core/decide.js";
import type { SiteModel } from "../core/model.js";
import type { Logger } from "../log.js";
import type { Engine } from "../runtime/engine.js";
import type { CredentialStore, LivePointer } from "./credential-store.js";
import { buildIndex, storedOverlay, type BuiltIndex, type IndexPlan } from "./rebuild.js";
import { CredentialsRequest, type DistrictHolder } from "./wire.js";

/** Holder rows written per transaction while a part is staged: a few milliseconds of work. */
const STAGE_SLICE = 500;

/** Rows deleted per prune slice, for the same reason as the build slices. */
const PRUNE_SLICE = 5000;

/** Yield to the event loop, so inputs and timers run between slices. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * District credential lists: receives them over `request/credentials`, keeps them in the store,
 * builds the new index in slices while decisions go on with the old one, and swaps it in at once.
 * A list is used only whole: a snapshot once every part is in, a delta only on the version it names.
 */
export class CredentialSync {
  private live: LivePointer | null;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly core: SiteModel,
    private readonly store: CredentialStore,
    private readonly engine: Engine,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.live = store.live();
  }

  /** The live version, if any. */
  get version(): string | null {
    return this.live?.version ?? null;
  }

  /** Index the stored live list (at start). Blocking slices are fine here: no decision runs yet. */
  async load(): Promise<void> {
    if (this.live === null) return;
    const built = await buildIndex(this.core, this.store, this.planFor(this.live, new Map()), async () => undefined);
    this.swap(built);
    this.log.info({ version: this.live.version, holders: built.holders }, "district credentials loaded");
  }

  /** Answer `request/credentials`. Requests are handled one at a time, in arrival order. */
  register(router: RequestRouter): void {
    router.register("credentials", {
      schema: CredentialsRequest,
      changes: true,
      handle: (req, from) => {
        // The list decides who enters the building: only the district or a local administrator sends it.
        if (from.source !== "district" && from.role !== "admin") {
          throw new RequestError("not_permitted", "only the district or an administrator may send credentials");
        }
        const run = this.busy.then(() => this.apply(req));
        this.busy = run.catch(() => undefined);
        return run;
      },
    });
  }

  private planFor(live: LivePointer, extra: Map<string, DistrictHolder | null>): IndexPlan {
    const overlay = storedOverlay(this.store, live);
    for (const [id, h] of extra) overlay.set(id, h);
    return { snapshot: live.snapshot, overlay, expected: live.holders };
  }

  private swap(built: BuiltIndex): void {
    this.engine.useDecider(createDecider({ ...this.core, credentials: built.credentials, profiles: built.profiles }));
  }

  /** Apply one credentials request (what `request/credentials` runs; benchmarks call it directly). */
  async apply(req: CredentialsRequest): Promise<unknown> {
    if (req.kind === "status") return { version: this.version, holders: this.live?.holders ?? 0 };
    this.checkGroups(req.kind === "snapshot" ? req.holders : req.upsert);
    return req.kind === "snapshot" ? this.snapshotPart(req) : this.delta(req);
  }

  private checkGroups(holders: readonly DistrictHolder[]): void {
    for (const h of holders) {
      const unknown = h.access_groups.find((g) => !this.core.accessGroups.has(g));
      if (unknown !== undefined) throw new RequestError("invalid_request", `holder ${h.id}: no access group "${unknown}" at this site`);
    }
  }

  private async snapshotPart(req: Extract<CredentialsRequest, { kind: "snapshot" }>): Promise<unknown> {
    if (req.part > req.parts) throw new RequestError("invalid_request", `part ${req.part} of ${req.parts}`);
    if (req.version === this.live?.snapshot) throw new RequestError("version_exists", `version ${req.version} is live`);
    for (let i = 0; i < req.holders.length; i += STAGE_SLICE) {
      this.store.stageRows(req.version, req.holders.slice(i, i + STAGE_SLICE));
      await pause();
    }
    const staged = this.stage(() => this.store.recordPart(req.version, req.part, req.parts, req.holders.length));
    if (staged.received < req.parts) return { version: req.version, received: staged.received, parts: req.parts, applied: false };
    const plan: IndexPlan = { snapshot: req.version, overlay: new Map(), expected: staged.holders };
    const built = await this.build(plan);
    this.live = this.store.commitSnapshot(req.version, built.holders, this.now());
    this.swap(built);
    this.log.info({ version: req.version, holders: built.holders }, "district credential snapshot applied");
    await this.prune();
    return { version: req.version, received: staged.received, parts: req.parts, applied: true, holders: built.holders };
  }

  private async delta(req: Extract<CredentialsRequest, { kind: "delta" }>): Promise<unknown> {
    const live = this.live;
    if (live === null || live.version !== req.base_version) {
      throw new RequestError("version_mismatch", `live version is ${live?.version ?? "none"}, not ${req.base_version}`);
    }
    const changes = new Map<string, DistrictHolder | null>();
    for (const h of req.upsert) changes.set(h.id, h);
    for (const id of req.remove) changes.set(id, null);
    const built = await this.build(this.planFor(live, changes));
    this.live = this.store.commitDelta(live, req.version, req.upsert, req.remove, built.holders, this.now());
    this.swap(built);
    this.log.info({ version: req.version, upserts: req.upsert.length, removes: req.remove.length }, "district credential delta applied");
    return { version: req.version, applied: true, holders: built.holders };
  }

  private stage<T>(write: () => T): T {
    try {
      return write();
    } catch (err) {
      if (err instanceof RangeError) throw new RequestError("invalid_request", err.message);
      throw err;
    }
  }

  private async build(plan: IndexPlan): Promise<BuiltIndex> {
    try {
      return await buildIndex(this.core, this.store, plan, pause);
    } catch (err) {
      if (err instanceof RangeError) throw new RequestError("invalid_credentials", err.message);
      throw err;
    }
  }

  private async prune(): Promise<void> {
    const keep = this.live === null ? [] : [this.live.snapshot];
    while (this.store.prune(keep, PRUNE_SLICE) > 0) await pause();
  }
}
