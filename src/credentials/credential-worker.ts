/**
 * The credential worker thread: stores district lists and builds their index away from the main
 * thread, which goes on deciding at the doors and only swaps the finished index in.
 */
import { parentPort, workerData } from "node:worker_threads";
import { RequestError } from "../bus/requests.js";
import { transferList } from "../core/credential-index.js";
import { silentLogger } from "../log.js";
import { lowerThreadPriority } from "../util/thread-priority.js";
import { CredentialApplier } from "./credential-apply.js";
import { openCredentialStore } from "./credential-db.js";
import type { WorkerAnswer, WorkerCall, WorkerSetup } from "./credential-messages.js";

/** Nice value of the worker thread: well below the main thread's 0, not so low that a list takes minutes. */
const WORKER_NICE = 10;

const setup = workerData as WorkerSetup;
lowerThreadPriority(WORKER_NICE);
const port = parentPort;
// The main thread logs what the worker answers; opening is the main thread's to report too.
const { store } = openCredentialStore(setup.path, silentLogger());
const applier = new CredentialApplier(setup.local, new Set(setup.groups), store);

/** Apply one call and post the answer; true when a new list went live. */
function answer(call: WorkerCall): boolean {
  try {
    const applied = applier.apply(call.change, call.now);
    const built = applied.built && { data: applied.built.index.toData(), groupIds: applied.built.groupIds, holders: applied.built.holders };
    const ok: WorkerAnswer = { id: call.id, ok: true, answer: applied.answer, live: applied.live, ...(built && { built }) };
    port?.postMessage(ok, built ? transferList(built.data) : []);
    return built !== undefined;
  } catch (err) {
    const [code, message] = err instanceof RequestError ? [err.code, err.message] : ["internal", err instanceof Error ? err.message : String(err)];
    port?.postMessage({ id: call.id, ok: false, code, message } satisfies WorkerAnswer);
    return false;
  }
}

// Old lists go once the answer is on its way; a failure here ends the thread and the main thread logs it.
port?.on("message", (call: WorkerCall) => {
  if (answer(call)) applier.prune();
});
