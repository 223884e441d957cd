import type { Worker } from "node:worker_threads";
import { RequestError } from "../bus/requests.js";
import type { Logger } from "../util/log.js";
import { startModuleWorker } from "../util/module-worker.js";
import type { ListAnswer, ListCall } from "./list-messages.js";

/** A call the worker ran (not refused), its built index's data of type `W`. */
export type ListDone<W> = Extract<ListAnswer<W>, { ok: true }>;
/** A call the worker refused. */
type Refusal = Extract<ListAnswer<unknown>, { ok: false }>;

/**
 * How long the worker stays after its last answer. District lists come in bursts (parts one after
 * another, a delta a day); between bursts the thread's memory goes back to the system.
 */
const IDLE_MS = 60_000;

interface Pending<D> {
  readonly resolve: (answer: D) => void;
  readonly reject: (err: Error) => void;
}

/**
 * The main thread's side of a list's worker: starts it on the first call, matches answers to calls,
 * turns refusals back into RequestErrors, and fails the calls in flight if the thread dies (the
 * next call starts a new one).
 */
export class ListWorkerClient<W, S, D extends { readonly id: number; readonly ok: true } = ListDone<W>> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending<D>>();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly setup: S,
    private readonly log: Logger,
    /** The worker's module (without extension) and a module beside it (pass `import.meta.url`). */
    private readonly module: { readonly name: string; readonly from: string },
    private readonly idleMs = IDLE_MS,
  ) {}

  /** True while a worker thread runs. */
  get running(): boolean {
    return this.worker !== null;
  }

  /**
   * Have the worker read and run a list request's payload, or with `load` index the stored live
   * list; rejects with RequestError on a refusal. `extra` goes along in the message (`load`, or a
   * report worker's job).
   */
  call(payload: Uint8Array, now: number, extra: Readonly<Record<string, unknown>> = {}): Promise<D> {
    const worker = this.worker ?? this.start();
    clearTimeout(this.idle);
    const id = this.nextId++;
    return new Promise<D>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A copy in a buffer of its own to transfer: the payload may be a view of a larger buffer (a
      // socket's, or a Buffer pool's) that this thread still uses.
      const own = new Uint8Array(payload);
      worker.postMessage({ ...extra, id, payload: own, now } satisfies ListCall, [own.buffer]);
    });
  }

  /** Stop the worker; calls in flight fail (a list not yet live stays not live). */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error(`the ${this.module.name} was stopped`));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = startModuleWorker(this.module.name, this.module.from, this.setup, "background");
    worker.on("message", (answer: D | Refusal) => this.settle(answer));
    worker.on("error", (err) => this.log.error({ err }, `${this.module.name} failed`));
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(new Error(`the ${this.module.name} exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(answer: D | Refusal): void {
    const call = this.pending.get(answer.id);
    if (call === undefined) return;
    this.pending.delete(answer.id);
    if (answer.ok) call.resolve(answer);
    else call.reject(new RequestError(answer.code, answer.message, answer.transaction));
    if (this.pending.size === 0) this.idle = setTimeout(() => void this.close(), this.idleMs).unref();
  }

  private failAll(err: Error): void {
    for (const call of this.pending.values()) call.reject(err);
    this.pending.clear();
  }
}
