/**
 * The credential worker thread: stores district lists and builds their index away from the main
 * thread, which goes on deciding at the doors and only swaps the finished index in.
 */
import { parentPort, workerData } from "node:worker_threads";
import { CredentialsRequest } from "../bus/request-schemas.js";
import { transferList } from "../core/credential-index/credential-index.js";
import { serveList } from "../lists/list-worker.js";
import { silentLogger } from "../util/log.js";
import { pacer } from "../util/pacer.js";
import { CredentialApplier } from "./credential-apply.js";
import { openCredentialStore } from "./credential-db.js";
import type { WorkerSetup } from "./credential-messages.js";

const setup = workerData as WorkerSetup;
// The main thread logs what the worker answers; opening is the main thread's to report too.
const { store } = openCredentialStore(setup.path, silentLogger());

serveList(parentPort, {
  schema: CredentialsRequest,
  applier: new CredentialApplier(setup.local, new Set(setup.groups), store, pacer()),
  wire(built) {
    const data = { data: built.index.toData(), groupIds: built.groupIds, holders: built.holders };
    return { data, transfer: transferList(data.data) };
  },
});
