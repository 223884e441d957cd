import type { Transaction } from "../bus/request-parse.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import { transactionOf } from "../credentials/credential-sync.js";
import { CredentialWorkerClient } from "../credentials/credential-worker-client.js";
import type { Logger } from "../util/log.js";
import { screen, type ScreenResult } from "./screen.js";
import { WatchApplier } from "./watch-apply.js";
import { openWatchStore } from "./watch-db.js";
import { WatchIndex } from "./watch-index.js";
import type { WatchAnswer, WatchSetup } from "./watch-messages.js";
import { ScreenedPerson } from "./watch-schemas.js";

type WatchDone = Extract<WatchAnswer, { ok: true }>;

/**
 * The district watch list: received over `request/watchlist` and handed to the watch list worker,
 * which stores it and builds the new index while screenings go on with the old one; the finished
 * index crosses back without a copy and is swapped in at once. Logs carry counts, never a name.
 */
export class WatchlistSync {
  private busy: Promise<unknown> = Promise.resolve();
  private index = WatchIndex.empty();
  private readonly worker: CredentialWorkerClient<WatchDone, WatchSetup>;

  constructor(
    private readonly path: string,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.worker = new CredentialWorkerClient<WatchDone, WatchSetup>({ path }, log, undefined, { name: "watch-worker", from: import.meta.url });
  }

  /** Index the stored live list, on this thread (at start). */
  load(): void {
    const { db, store } = openWatchStore(this.path, this.log);
    try {
      const applier = new WatchApplier(store);
      const index = applier.load();
      if (index === null) return;
      this.index = index;
      this.log.info({ version: applier.live?.version, entries: index.size }, "watch list loaded");
    } finally {
      db.close();
    }
  }

  /** Entries in the live list. */
  get size(): number {
    return this.index.size;
  }

  /** Screen a person at sign-in against the live list (the payload is validated here). */
  screen(person: unknown): ScreenResult {
    return screen(this.index, ScreenedPerson.parse(person));
  }

  /** Answer `request/watchlist`, one at a time in arrival order; the worker reads the payload. */
  register(router: RequestRouter): void {
    router.register("watchlist", {
      raw: true,
      changes: true,
      handle: (payload, from) => {
        // The list says who is held at the door: only the district or a local administrator sends it.
        if (from.source !== "district" && from.role !== "admin") {
          throw new RequestError("not_permitted", "only the district or an administrator may send the watch list", transactionOf(payload));
        }
        const run = this.busy.then(() => this.apply(payload));
        this.busy = run.catch(() => undefined);
        return run;
      },
    });
  }

  /** Run one `request/watchlist` payload. */
  async apply(payload: Uint8Array): Promise<{ transaction: Transaction; data: unknown }> {
    const done = await this.worker.call(payload, this.now());
    if (done.data !== undefined) {
      this.index = new WatchIndex(done.data);
      this.log.info({ entries: this.index.size }, "watch list applied");
    }
    return { transaction: done.transaction, data: done.answer };
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
