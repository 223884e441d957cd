import type { RequestRouter } from "../bus/requests.js";
import { CredentialIndex } from "../core/credential-index/credential-index.js";
import { createDecider, type Decide } from "../core/decide.js";
import type { SiteModel } from "../core/model.js";
import { InOrder, registerListRequest, type ListResult } from "../lists/list-request.js";
import type { Logger } from "../util/log.js";
import { CredentialApplier } from "./credential-apply.js";
import { openCredentialStore } from "./credential-db.js";
import { CredentialWorkerClient } from "./credential-worker-client.js";
import { localHolders, profilesOf, type LocalHolders } from "./rebuild.js";

/** Where a new list goes live: the engine decides with the new decider from its next input on. */
export interface DeciderTarget {
  useDecider(decide: Decide): void;
}

/**
 * District credential lists: receives them over `request/credentials` and hands them to the
 * credential worker, which stores them in the credential store and builds the new index while
 * decisions go on with the old one; the finished index crosses back without a copy and is swapped
 * in at once. A list is used only whole: a snapshot once every part is in, a delta only on the
 * version it names.
 */
export class CredentialSync {
  private readonly order = new InOrder();
  private readonly worker: CredentialWorkerClient;
  private readonly groups: ReadonlySet<string>;
  private readonly local: LocalHolders;

  constructor(
    private readonly core: SiteModel,
    private readonly path: string,
    private readonly engine: DeciderTarget,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.groups = new Set(core.accessGroups.keys());
    this.local = localHolders(core);
    this.worker = new CredentialWorkerClient({ path, groups: [...this.groups], local: this.local }, log);
  }

  /** Index the stored live list, on this thread: at start no decision runs yet. */
  load(): void {
    const { db, store } = openCredentialStore(this.path, this.log);
    try {
      const applier = new CredentialApplier(this.local, this.groups, store);
      const built = applier.load();
      if (built === null) return;
      this.swap(built.index, built.groupIds);
      this.log.info({ version: applier.live?.version, holders: built.holders }, "district credentials loaded");
    } finally {
      db.close();
    }
  }

  /** Answer `request/credentials`, one at a time in arrival order. */
  register(router: RequestRouter): void {
    registerListRequest(router, "credentials", "credentials", this.order, (payload) => this.apply(payload));
  }

  /** Run one `request/credentials` payload (what the request runs; benchmarks call it directly). */
  async apply(payload: Uint8Array): Promise<ListResult> {
    const applied = await this.worker.call(payload, this.now());
    if (applied.built !== undefined) {
      this.swap(CredentialIndex.fromData(applied.built.data), applied.built.groupIds);
      this.log.info({ version: applied.live?.version, holders: applied.built.holders }, "district credentials applied");
    }
    return { transaction: applied.transaction, data: applied.answer };
  }

  /** Stop the worker (at shutdown). */
  close(): Promise<void> {
    return this.worker.close();
  }

  private swap(index: CredentialIndex, groupIds: readonly (readonly string[])[]): void {
    this.engine.useDecider(createDecider({ ...this.core, credentials: index, profiles: profilesOf(this.core, groupIds) }));
  }
}
