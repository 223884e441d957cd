import type { Identity } from "../bus/broker.js";
import { readEnvelope, type Transaction } from "../bus/request-parse.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";

/** What a list request resolves: its transaction and its answer. */
export type ListResult = { transaction: Transaction; data: unknown };

/** Work on one list run one piece at a time, in the order it was queued (answers go in arrival order). */
export class InOrder {
  private busy: Promise<unknown> = Promise.resolve();

  /** Run `work` after the work queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.busy.then(work);
    this.busy = run.catch(() => undefined);
    return run;
  }
}

/**
 * Answer the list request `name` (`request/<name>`, a list of `what`) with `apply`, in `order`. The payload is read by
 * the list's worker, not here: the main thread never parses the rows (see RawRequestHandler). A
 * district list says who enters or who is held at the door: only the district or a local
 * administrator sends it.
 */
export function registerListRequest(router: RequestRouter, name: string, what: string, order: InOrder, apply: (payload: Uint8Array) => Promise<ListResult>): void {
  router.register(name, {
    raw: true,
    changes: true,
    handle: (payload: Uint8Array, from: Identity) => {
      if (from.source !== "district" && from.role !== "admin") {
        throw new RequestError("not_permitted", `only the district or an administrator may send ${what}`, transactionOf(payload));
      }
      return order.run(() => apply(payload));
    },
  });
}

/** The transaction of a refused request, to echo it (a refusal is rare: parsing it here costs nothing that matters). */
export function transactionOf(payload: Uint8Array): Transaction {
  return readEnvelope(new TextDecoder().decode(payload)).transaction;
}
