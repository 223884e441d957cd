import { existsSync } from "node:fs";
import type { Transaction } from "../bus/request-parse.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import { transactionOf } from "../credentials/credential-sync.js";
import { CredentialWorkerClient } from "../credentials/credential-worker-client.js";
import type { Logger } from "../util/log.js";
import { screen, type ScreenResult } from "./screen.js";
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
  private loaded: Promise<void> = Promise.resolve();
  private readonly worker: CredentialWorkerClient<WatchDone, WatchSetup>;

  constructor(
    private readonly path: string,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.worker = new CredentialWorkerClient<WatchDone, WatchSetup>({ path }, log, undefined, { name: "watch-worker", from: import.meta.url });
  }

  /**
   * Have the worker index the stored live list (at start): a list of a million entries takes
   * seconds to index, and the doors do not wait for it. Screenings wait for it instead.
   */
  load(): Promise<void> {
    // No file, no list: most sites have none until the district sends one, and a worker thread at
    // every start would cost them memory and a cold start's CPU for nothing.
    if (!existsSync(this.path)) return (this.loaded = Promise.resolve());
    this.loaded = this.queue(async () => {
      const done = await this.worker.call(new Uint8Array(0), this.now(), { load: true });
      if (done.data === undefined) return;
      this.index = new WatchIndex(done.data);
      this.log.info({ ...done.answer }, "watch list loaded");
    });
    return this.loaded;
  }

  /** Entries in the live list. */
  get size(): number {
    return this.index.size;
  }

  /**
   * Screen a person at sign-in against the live list, once it is loaded (the person is validated
   * here). Rejects when the stored list could not be loaded: the sign-in then holds the visitor.
   */
  async screen(person: unknown): Promise<ScreenResult> {
    const valid = ScreenedPerson.parse(person);
    await this.loaded;
    return screen(this.index, valid);
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
        return this.queue(() => this.apply(payload));
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

  /** Run `work` after the work queued before it (answers go in arrival order). */
  private queue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.busy.then(work);
    this.busy = run.catch(() => undefined);
    return run;
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
