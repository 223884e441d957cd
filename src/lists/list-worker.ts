/**
 * The loop of a list's worker thread: reads list request payloads, has the applier store them and
 * build their index away from the main thread, and sends the finished index back without a copy.
 */
import type { MessagePort } from "node:worker_threads";
import type { z } from "zod";
import { parseRequest, type Transaction } from "../bus/request-parse.js";
import { RequestError } from "../bus/requests.js";
import type { Applied, Delta, ListApplier, SnapshotPart } from "./list-apply.js";
import type { ListAnswer, ListCall } from "./list-messages.js";
import type { ListRow } from "./list-store.js";

/** A list's worker: its request schema, its applier, and how a built index crosses back. */
export interface ListWorker<E extends ListRow, S extends SnapshotPart, B, W> {
  readonly schema: z.ZodType<{ readonly kind: "status" } | S | Delta<E>>;
  readonly applier: ListApplier<E, S, B>;
  /** The built index as plain data, and the buffers to transfer with it. */
  wire(built: B): { readonly data: W; readonly transfer: readonly ArrayBuffer[] };
}

/** Answer the calls that come on `port`; old lists are pruned once a new one's answer is on its way. */
export function serveList<E extends ListRow, S extends SnapshotPart, B, W>(port: MessagePort | null, worker: ListWorker<E, S, B, W>): void {
  const decoder = new TextDecoder();
  const { applier } = worker;

  const done = (id: number, transaction: Transaction, applied: Applied<B>): boolean => {
    const wired = applied.built === undefined ? undefined : worker.wire(applied.built);
    const answer: ListAnswer<W> = { id, ok: true, transaction, answer: applied.answer, live: applied.live, ...(wired && { built: wired.data }) };
    port?.postMessage(answer, wired ? [...wired.transfer] : []);
    return wired !== undefined;
  };

  /** Read and run one call, and post the answer; true when a new list went live. */
  const answer = (call: ListCall): boolean => {
    let transaction: Transaction = null;
    try {
      if (call.load === true) {
        const built = applier.load() ?? undefined;
        done(call.id, transaction, { answer: applier.status(), live: applier.live, ...(built !== undefined && { built }) });
        return false;
      }
      const parsed = parseRequest(decoder.decode(call.payload), worker.schema);
      if ("code" in parsed) throw new RequestError(parsed.code, parsed.message, parsed.transaction);
      transaction = parsed.transaction;
      const req = parsed.data;
      if (req.kind === "status") return done(call.id, transaction, { answer: applier.status(), live: applier.live });
      return done(call.id, transaction, applier.apply(req as S | Delta<E>, call.now));
    } catch (err) {
      const [code, message] = err instanceof RequestError ? [err.code, err.message] : ["internal", err instanceof Error ? err.message : String(err)];
      if (err instanceof RequestError && err.transaction !== null) transaction = err.transaction;
      port?.postMessage({ id: call.id, ok: false, transaction, code, message } satisfies ListAnswer<W>);
      return false;
    }
  };

  // A failure while pruning ends the thread, and the main thread logs it.
  port?.on("message", (call: ListCall) => {
    if (answer(call)) applier.prune();
  });
}
