import { dirname, join } from "node:path";
import { DailySummary } from "../../reports/daily-summary.js";
import { registerReportRequest } from "../../reports/report-request.js";
import { ReportRunner } from "../../reports/report-runner.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import type { GatewayContext } from "./parts.js";
import type { RequestsUnit } from "./requests.js";

/**
 * Reports: `request/report` and the daily summary, both built by the report worker off the main
 * thread and written to `reports/` beside the audit store (the data directory). Starts after the
 * requests component, whose router it adds `request/report` to.
 */
export class ReportsUnit implements Component {
  readonly name = "reports";
  private runner: ReportRunner | undefined;
  private daily: DailySummary | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly requests: RequestsUnit,
    private readonly engineUnit: EngineUnit,
  ) {}

  start(): void {
    const { model, timers, log } = this.ctx;
    const dir = join(dirname(model.storagePath), "reports");
    const site = { id: model.site.id, name: model.site.name };
    const runner = new ReportRunner({ storePath: model.storagePath, dir, site }, log.child({ mod: "reports/runner" }), timers);
    this.runner = runner;
    registerReportRequest(this.requests.router, runner, () => timers.now());
    const engine = this.engineUnit.engine;
    this.daily = new DailySummary({ runner, timeZone: model.site.timezone, timers, dir, record: (e) => void engine.report(e), log: log.child({ mod: "reports/daily" }) });
    this.daily.start();
  }

  async stop(): Promise<void> {
    this.daily?.stop();
    await this.runner?.close();
  }
}
