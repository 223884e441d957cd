/**
 * The credential worker thread: stores district lists and builds their index away from the main
 * thread, which goes on deciding at the doors and only swaps the finished index in.
 */
import { parentPort, workerData } from "node:worker_threads";
import { parseRequest, type Transaction } from "../bus/request-parse.js";
import { RequestError } from "../bus/requests.js";
import { transferList } from "../core/credential-index/credential-index.js";
import { silentLogger } from "../util/log.js";
import { pacer } from "../util/pacer.js";
import { CredentialApplier } from "./credential-apply.js";
import { openCredentialStore } from "./credential-db.js";
import type { WorkerAnswer, WorkerCall, WorkerSetup } from "./credential-messages.js";
import { CredentialsRequest } from "../bus/request-schemas.js";

const setup = workerData as WorkerSetup;
const port = parentPort;
// The main thread logs what the worker answers; opening is the main thread's to report too.
const { store } = openCredentialStore(setup.path, silentLogger());
const decoder = new TextDecoder();
const applier = new CredentialApplier(setup.local, new Set(setup.groups), store, pacer());

/** Read and run one request, and post the answer; true when a new list went live. */
function answer(call: WorkerCall): boolean {
  let transaction: Transaction = null;
  try {
    const parsed = parseRequest(decoder.decode(call.payload), CredentialsRequest);
    if ("code" in parsed) throw new RequestError(parsed.code, parsed.message, parsed.transaction);
    transaction = parsed.transaction;
    const req = parsed.data;
    const live = applier.live;
    if (req.kind === "status") {
      const status = { version: live?.version ?? null, holders: live?.holders ?? 0 };
      port?.postMessage({ id: call.id, ok: true, transaction, answer: status, live } satisfies WorkerAnswer);
      return false;
    }
    const applied = applier.apply(req, call.now);
    const built = applied.built && { data: applied.built.index.toData(), groupIds: applied.built.groupIds, holders: applied.built.holders };
    const ok: WorkerAnswer = { id: call.id, ok: true, transaction, answer: applied.answer, live: applied.live, ...(built && { built }) };
    port?.postMessage(ok, built ? transferList(built.data) : []);
    return built !== undefined;
  } catch (err) {
    const [code, message] = err instanceof RequestError ? [err.code, err.message] : ["internal", err instanceof Error ? err.message : String(err)];
    if (err instanceof RequestError && err.transaction !== null) transaction = err.transaction;
    port?.postMessage({ id: call.id, ok: false, transaction, code, message } satisfies WorkerAnswer);
    return false;
  }
}

// Old lists go once the answer is on its way; a failure here ends the thread and the main thread logs it.
port?.on("message", (call: WorkerCall) => {
  if (answer(call)) applier.prune();
});
