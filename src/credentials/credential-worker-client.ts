import { ListWorkerClient } from "../lists/list-worker-client.js";
import type { Logger } from "../util/log.js";
import type { BuiltData, WorkerSetup } from "./credential-messages.js";

/** The main thread's side of the credential worker (see ListWorkerClient). */
export class CredentialWorkerClient extends ListWorkerClient<BuiltData, WorkerSetup> {
  constructor(setup: WorkerSetup, log: Logger, idleMs?: number) {
    super(setup, log, { name: "credential-worker", from: import.meta.url }, idleMs);
  }
}
