/**
 * The watch list worker thread: reads `request/watchlist` payloads, stores lists and builds their
 * index away from the main thread, which swaps the finished index in.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openListStore } from "../lists/list-db.js";
import { serveList } from "../lists/list-worker.js";
import { silentLogger } from "../util/log.js";
import { pacer } from "../util/pacer.js";
import { WatchApplier } from "./watch-apply.js";
import { watchTransferList } from "./watch-index.js";
import type { WatchSetup } from "./watch-messages.js";
import { WatchlistRequest } from "./watch-schemas.js";

const setup = workerData as WatchSetup;
const { store } = openListStore(setup.path, silentLogger());

serveList(parentPort, {
  schema: WatchlistRequest,
  applier: new WatchApplier(store, pacer()),
  wire: (index) => ({ data: index.data, transfer: watchTransferList(index.data) }),
});
