import { existsSync } from "node:fs";
import type { RequestRouter } from "../bus/requests.js";
import { InOrder, registerListRequest, type ListResult } from "../lists/list-request.js";
import { ListWorkerClient } from "../lists/list-worker-client.js";
import type { Logger } from "../util/log.js";
import { screen, type ScreenResult } from "./screen.js";
import { WatchIndex, type WatchIndexData } from "./watch-index.js";
import type { WatchSetup } from "./watch-messages.js";
import { ScreenedPerson } from "./watch-schemas.js";

/**
 * The district watch list: received over `request/watchlist` and handed to the watch list worker,
 * which stores it and builds the new index while screenings go on with the old one; the finished
 * index crosses back without a copy and is swapped in at once. Logs carry counts, never a name.
 */
export class WatchlistSync {
  private readonly order = new InOrder();
  private index = WatchIndex.empty();
  private loaded: Promise<void> = Promise.resolve();
  private readonly worker: ListWorkerClient<WatchIndexData, WatchSetup>;

  constructor(
    private readonly path: string,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.worker = new ListWorkerClient<WatchIndexData, WatchSetup>({ path }, log, { name: "watch-worker", from: import.meta.url });
  }

  /**
   * Have the worker index the stored live list (at start): a list of a million entries takes
   * seconds to index, and the doors do not wait for it. Screenings wait for it instead.
   */
  load(): Promise<void> {
    // No file, no list: most sites have none until the district sends one, and a worker thread at
    // every start would cost them memory and a cold start's CPU for nothing.
    if (!existsSync(this.path)) return (this.loaded = Promise.resolve());
    this.loaded = this.order.run(async () => {
      const done = await this.worker.call(new Uint8Array(0), this.now(), { load: true });
      if (done.built === undefined) return;
      this.index = new WatchIndex(done.built);
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
    registerListRequest(router, "watchlist", "the watch list", this.order, (payload) => this.apply(payload));
  }

  /** Run one `request/watchlist` payload. */
  async apply(payload: Uint8Array): Promise<ListResult> {
    const done = await this.worker.call(payload, this.now());
    if (done.built !== undefined) {
      this.index = new WatchIndex(done.built);
      this.log.info({ entries: this.index.size }, "watch list applied");
    }
    return { transaction: done.transaction, data: done.answer };
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
