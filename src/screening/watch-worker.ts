/**
 * The watch list worker thread: reads `request/watchlist` payloads, stores lists and builds their
 * index away from the main thread, which swaps the finished index in.
 */
import { parentPort, workerData } from "node:worker_threads";
import { parseRequest, type Transaction } from "../bus/request-parse.js";
import { RequestError } from "../bus/requests.js";
import { silentLogger } from "../util/log.js";
import { pacer } from "../util/pacer.js";
import { WatchApplier } from "./watch-apply.js";
import { openWatchStore } from "./watch-db.js";
import { watchTransferList } from "./watch-index.js";
import type { WatchAnswer, WatchCall, WatchSetup } from "./watch-messages.js";
import { WatchlistRequest } from "./watch-schemas.js";

const setup = workerData as WatchSetup;
const port = parentPort;
const { store } = openWatchStore(setup.path, silentLogger());
const decoder = new TextDecoder();
const applier = new WatchApplier(store, pacer());

/** Read and run one request, and post the answer (counts only); true when a new list went live. */
function answer(call: WatchCall): boolean {
  let transaction: Transaction = null;
  try {
    if (call.load === true) {
      const data = applier.load()?.data;
      const live = applier.live;
      port?.postMessage({ id: call.id, ok: true, transaction, answer: { version: live?.version ?? null, entries: live?.holders ?? 0 }, ...(data && { data }) } satisfies WatchAnswer, data ? watchTransferList(data) : []);
      return false;
    }
    const parsed = parseRequest(decoder.decode(call.payload), WatchlistRequest);
    if ("code" in parsed) throw new RequestError(parsed.code, parsed.message, parsed.transaction);
    transaction = parsed.transaction;
    const req = parsed.data;
    if (req.kind === "status") {
      const live = applier.live;
      port?.postMessage({ id: call.id, ok: true, transaction, answer: { version: live?.version ?? null, entries: live?.holders ?? 0 } } satisfies WatchAnswer);
      return false;
    }
    const applied = applier.apply(req, call.now);
    const data = applied.index?.data;
    port?.postMessage({ id: call.id, ok: true, transaction, answer: applied.answer, ...(data && { data }) } satisfies WatchAnswer, data ? watchTransferList(data) : []);
    return data !== undefined;
  } catch (err) {
    const [code, message] = err instanceof RequestError ? [err.code, err.message] : ["internal", err instanceof Error ? err.message : String(err)];
    if (err instanceof RequestError && err.transaction !== null) transaction = err.transaction;
    port?.postMessage({ id: call.id, ok: false, transaction, code, message } satisfies WatchAnswer);
    return false;
  }
}

port?.on("message", (call: WatchCall) => {
  if (answer(call)) applier.prune();
});
