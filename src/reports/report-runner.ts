/**
 * The main thread's side of the report worker: one report at a time (another is refused `busy`),
 * each within a time limit (past it the thread is stopped and the report refused `timeout`). The
 * worker thread is started on the first report and stops a minute after the last one, giving its
 * memory back.
 */
import { RequestError } from "../bus/requests.js";
import { ListWorkerClient } from "../lists/list-worker-client.js";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";
import type { ReportAnswer, ReportDone, ReportJob, ReportSetup, SummaryDone, SummaryJob } from "./report-messages.js";

type Done = Extract<ReportAnswer, { ok: true }>;

/**
 * Longest a report may take. A school year of a large school (2 million events) takes about 8 s on
 * a desktop and several times that on a Raspberry Pi; a report that needs longer is refused rather
 * than holding a core for minutes.
 */
export const REPORT_TIME_LIMIT_MS = 120_000;

export class ReportRunner {
  private running: Promise<unknown> | null = null;
  private readonly worker: ListWorkerClient<never, ReportSetup, Done>;

  constructor(
    setup: ReportSetup,
    log: Logger,
    private readonly timers: TimerApi,
    private readonly limitMs = REPORT_TIME_LIMIT_MS,
  ) {
    this.worker = new ListWorkerClient<never, ReportSetup, Done>(setup, log, { name: "report-worker", from: import.meta.url });
  }

  /** Whether a report is being built now. */
  get busy(): boolean {
    return this.running !== null;
  }

  run(job: ReportJob): Promise<ReportDone>;
  run(job: SummaryJob): Promise<SummaryDone>;
  /** Build `job` on the worker; RequestError `busy`, `timeout` or `report_failed` when it cannot. */
  async run(job: ReportJob | SummaryJob): Promise<ReportDone | SummaryDone> {
    if (this.running !== null) throw new RequestError("busy", "a report is being built; ask again when it is done");
    const call = this.worker.call(new Uint8Array(0), this.timers.now(), { job });
    this.running = call.catch(() => undefined);
    let timer: unknown;
    const limit = new Promise<never>((_, reject) => {
      timer = this.timers.setTimeout(() => reject(new RequestError("timeout", `the report took longer than ${this.limitMs / 1000} s and was stopped`)), this.limitMs);
    });
    try {
      return (await Promise.race([call, limit])).done;
    } catch (err) {
      if (err instanceof RequestError && err.code === "timeout") await this.worker.close();
      if (err instanceof RequestError) throw err;
      throw new RequestError("report_failed", "the report worker stopped");
    } finally {
      this.timers.clearTimeout(timer);
      this.running = null;
    }
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
