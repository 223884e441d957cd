import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/reports/build.js";
import type { ReportSection } from "../../src/reports/model.js";
import { periodOfDays } from "../../src/reports/period.js";
import { renderCsv } from "../../src/reports/render-csv.js";
import { REPORT_SECTIONS } from "../../src/reports/sections.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { alarmDay, seedAlarms } from "../helpers/report-alarms.js";
import { reportStore } from "../helpers/report-store.js";

const cleanups = cleanupsAfterEach();
const site = { id: "lincoln-hs", name: "Lincoln High" };

function kpis(now = Date.UTC(2025, 8, 2, 6)): ReportSection {
  const { db, add } = reportStore(cleanups);
  seedAlarms(db, add, alarmDay());
  const report = buildReport({ db, site, period: periodOfDays("2025-09-01", "2025-09-01"), now, sections: REPORT_SECTIONS });
  const found = report.sections.find((s) => s.id === "alarm-kpis");
  if (found === undefined) throw new Error("no alarm KPI section");
  return found;
}

const figure = (s: ReportSection, label: string) => s.figures.find((f) => f.label === label);

describe("alarm KPIs", () => {
  it("counts the rate per 10 minutes, its peak and the floods, drills left out", () => {
    const s = kpis();
    // 39 real alarms over the day's 144 windows; the busiest window had 12.
    expect(figure(s, "Alarms per 10 min (average)")).toEqual({ label: "Alarms per 10 min (average)", value: 0.27, target: "≤ 1" });
    expect(figure(s, "Alarms per 10 min (peak)")?.value).toBe(12);
    // 10:00 and 10:10 are one flood, 14:00 another: three windows of 144.
    expect(figure(s, "Flood periods")?.value).toBe(2);
    expect(s.tables[0]?.rows).toContainEqual(["Time in flood %", 2.08, "< 1", "no"]);
    expect(s.headline).toBe("39 alarms, 0.27 per 10 minutes on average and 12 at the busiest; 2 floods; 4 alarm targets missed.");
  });

  it("finds chattering, standing and stale alarms at the period's end", () => {
    const s = kpis();
    expect(figure(s, "Chattering alarms")?.value).toBe(1);
    expect(s.tables[0]?.rows).toContainEqual(["Stale alarms", 1, "< 5", "yes"]);
    expect(s.tables[0]?.rows).toContainEqual(["Standing alarms", 2, "", ""]);
  });

  it("counts what stands now when the period has not ended yet", () => {
    // At 19:00 the alarm from 20:00 was not raised yet; the one from two days before stood.
    const s = kpis(Date.UTC(2025, 8, 1, 19));
    expect(s.tables[0]?.rows).toContainEqual(["Standing alarms", 1, "", ""]);
  });

  it("gives the median and 90th percentile time to acknowledge by priority", () => {
    const s = kpis();
    expect(s.tables[1]?.rows).toEqual([
      ["critical", 3, 3, 50, 90, 60],
      ["medium", 34, 34, 170, 310, 300],
      ["low", 2, 0, null, null, 900],
    ]);
    expect(figure(s, "Acknowledged critical (p90)")).toMatchObject({ value: 90, unit: "seconds", target: "≤ 60 s" });
    expect(s.charts[0]).toMatchObject({ kind: "bars", bars: [{ label: "critical", values: [3, 0] }, { label: "medium", values: [34, 0] }, { label: "low", values: [0, 2] }] });
  });

  it("puts each target beside its figure in the CSV", () => {
    const { db, add } = reportStore(cleanups);
    seedAlarms(db, add, alarmDay());
    const csv = renderCsv(buildReport({ db, site, period: periodOfDays("2025-09-01", "2025-09-01"), now: Date.UTC(2025, 8, 2), sections: REPORT_SECTIONS }));
    expect(csv).toContain("alarm-kpis,key figures,Alarms per 10 min (peak),count,12\nalarm-kpis,key figures,Alarms per 10 min (peak),target,≤ 10\n");
    expect(csv).toContain("alarm-kpis,Time to acknowledge by priority,medium,p90 s,310\n");
  });

  it("says so when no alarm was raised", () => {
    const { db } = reportStore(cleanups);
    const report = buildReport({ db, site, period: periodOfDays("2025-09-01", "2025-09-01"), now: Date.UTC(2025, 8, 2), sections: REPORT_SECTIONS });
    expect(report.sections.at(-1)).toMatchObject({ id: "alarm-kpis", headline: "No alarm was raised in this period.", tables: [{}, { rows: [] }] });
  });
});
