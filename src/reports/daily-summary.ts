/**
 * The daily summary: at each local midnight of the site's time zone, yesterday's key figures by
 * section are built by the report worker, written to `reports/daily-<date>.json` and recorded as an
 * `event/report` (audited, and forwarded to the district by the uplink). A minute after start,
 * yesterday's is built if its file is missing (the gateway was off at midnight). Timers are injected; a midnight
 * that finds a requested report running tries again a few minutes later.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { formatDate, LocalClock, parseDate } from "../core/local-time.js";
import type { ReportEvent } from "../core/report-events.js";
import { RequestError } from "../bus/requests.js";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";
import type { ReportRunner } from "./report-runner.js";

/** A missing summary is built this long after start, once the doors and the uplink have settled. */
export const SUMMARY_START_DELAY_MS = 60_000;

/** How long a summary waits when the worker is busy with a requested report. */
export const SUMMARY_RETRY_MS = 300_000;

export interface DailySummaryOptions {
  readonly runner: Pick<ReportRunner, "run">;
  /** The site's IANA time zone: a day runs from local midnight to local midnight. */
  readonly timeZone: string;
  /** Wall-clock time (epoch ms) and timers. */
  readonly timers: TimerApi;
  /** The reports directory. */
  readonly dir: string;
  /** Record the summary as an event through the engine. */
  readonly record: (event: ReportEvent) => void;
  readonly log: Logger;
}

/** The file of a day's summary in the reports directory. */
export function dailyFile(date: string): string {
  return `daily-${date}.json`;
}

export class DailySummary {
  private readonly clock: LocalClock;
  private timer: unknown = null;
  private first: unknown = null;
  private stopped = false;

  constructor(private readonly opts: DailySummaryOptions) {
    this.clock = new LocalClock(opts.timeZone);
  }

  /** Build yesterday's if missing, and wait for the next midnight. */
  start(): void {
    const today = this.clock.at(this.opts.timers.now()).date;
    const yesterday = shift(today, -1);
    this.first = this.opts.timers.setTimeout(() => {
      if (!this.stopped && !existsSync(join(this.opts.dir, dailyFile(yesterday)))) void this.summarise(yesterday);
    }, SUMMARY_START_DELAY_MS);
    this.waitForEndOf(today);
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.timer, this.first]) if (t !== null) this.opts.timers.clearTimeout(t);
    this.timer = this.first = null;
  }

  /** Summarise `date` once it has ended, then wait for the end of the next day. */
  private waitForEndOf(date: string): void {
    if (this.stopped) return;
    const midnight = this.clock.instant(shift(date, 1), 0);
    this.timer = this.opts.timers.setTimeout(() => {
      void this.summarise(date);
      this.waitForEndOf(shift(date, 1));
    }, Math.max(0, midnight - this.opts.timers.now()));
  }

  /** Build, write and record the summary of `date`; resolves once done or given up. */
  async summarise(date: string): Promise<void> {
    if (this.stopped) return;
    const from = new Date(this.clock.instant(date, 0)).toISOString();
    const to = new Date(this.clock.instant(shift(date, 1), 0)).toISOString();
    const file = dailyFile(date);
    try {
      const done = await this.opts.runner.run({ kind: "summary", period: { from, to }, file });
      if (this.stopped) return;
      this.opts.record({ type: "report", kind: "daily", date, from, to, sections: done.sections.map((s) => ({ id: s.id, figures: [...s.figures] })), file: `reports/${file}` });
    } catch (err) {
      if (this.stopped) return;
      if (err instanceof RequestError && err.code === "busy") {
        this.opts.timers.setTimeout(() => void this.summarise(date), SUMMARY_RETRY_MS);
        return;
      }
      this.opts.log.error({ err, date }, "the daily report could not be built");
    }
  }
}

function shift(date: string, days: number): string {
  return formatDate((parseDate(date) ?? 0) + days);
}
