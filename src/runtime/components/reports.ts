import { dirname, join } from "node:path";
import { DailySummary } from "../../reports/daily-summary.js";
import { registerReportRequest } from "../../reports/report-request.js";
import { ReportRunner } from "../../reports/report-runner.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * Reports: `request/report` and the daily summary, both built by the report worker off the main
 * thread and written to `reports/` beside the audit store (the data directory). Starts after the
 * requests component, whose router it adds `request/report` to.
 */
export function reportsComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let runner: ReportRunner | undefined;
  let daily: DailySummary | undefined;
  return {
    name: "reports",
    start: () => {
      const { model, timers, log } = ctx;
      const dir = join(dirname(model.storagePath), "reports");
      const site = { id: model.site.id, name: model.site.name };
      runner = new ReportRunner({ storePath: model.storagePath, dir, site }, log.child({ mod: "reports/runner" }), timers);
      registerReportRequest(part(parts, "router"), runner, () => timers.now());
      const engine = part(parts, "engine");
      daily = new DailySummary({ runner, timeZone: model.site.timezone, timers, dir, record: (e) => void engine.report(e), log: log.child({ mod: "reports/daily" }) });
      daily.start();
    },
    stop: async () => {
      daily?.stop();
      await runner?.close();
    },
  };
}
