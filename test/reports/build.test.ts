import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/reports/build.js";
import type { Report, ReportSection } from "../../src/reports/model.js";
import { periodOfDays } from "../../src/reports/period.js";
import { SECTIONS } from "../../src/reports/sections.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { reportStore, schoolDay } from "../helpers/report-store.js";

const cleanups = cleanupsAfterEach();
const site = { id: "lincoln-hs", name: "Lincoln High" };
const NOW = Date.UTC(2025, 8, 2, 6);

function dayReport(): Report {
  const { db, add } = reportStore(cleanups);
  schoolDay(add);
  return buildReport({ db, site, period: periodOfDays("2025-09-01", "2025-09-01"), now: NOW });
}

function section(report: Report, id: string): ReportSection {
  const found = report.sections.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no section ${id}`);
  return found;
}

function figure(s: ReportSection, label: string): number | undefined {
  return s.figures.find((f) => f.label === label)?.value;
}

describe("buildReport", () => {
  it("counts grants and denials by reason and door within the period only", () => {
    const access = section(dayReport(), "access");
    expect(figure(access, "Granted")).toBe(2);
    expect(figure(access, "Denied")).toBe(3);
    expect(access.tables[0]?.rows).toEqual([["expired", 2], ["outside_schedule", 1]]);
    expect(access.tables[1]?.rows).toEqual([["main", 2, 1], ["gym", 0, 2]]);
    expect(access.headline).toContain("most refusals: expired");
  });

  it("times forced and held-open doors until the same door closes", () => {
    const alarms = section(dayReport(), "door-alarms");
    expect(figure(alarms, "Forced open")).toBe(1);
    expect(figure(alarms, "Held open")).toBe(1);
    expect(figure(alarms, "Longest open")).toBe(120);
    expect(alarms.tables[0]?.rows).toContainEqual(["side", "forced_open", 1, 30, 30]);
  });

  it("tells drills from real modes and draws the timeline across the period", () => {
    const modes = section(dayReport(), "modes");
    expect(figure(modes, "Drills")).toBe(1);
    expect(figure(modes, "Modes raised (real)")).toBe(0);
    const timeline = modes.charts[0];
    expect(timeline?.kind).toBe("timeline");
    if (timeline?.kind !== "timeline") return;
    expect(timeline.spans.map((s) => [s.label, s.drill])).toEqual([["normal", false], ["lockdown", true], ["normal", false]]);
    expect(timeline.spans.at(-1)?.to).toBe("2025-09-02T00:00:00.000Z");
  });

  it("counts screening per lane and device uptime from health changes", () => {
    const report = dayReport();
    expect(section(report, "screening").tables[0]?.rows).toEqual([["lane-1", 2, 1], ["lane-2", 1, 0]]);
    const devices = section(report, "devices").tables[0]?.rows;
    // reader-gym: watched 18 h from 06:00, offline 6 h of them.
    expect(devices).toEqual([["reader-gym", 66.7, 1], ["reader-main", 100, 0]]);
  });

  it("says plainly that nothing happened in an empty period", () => {
    const { db } = reportStore(cleanups);
    const report = buildReport({ db, site, period: periodOfDays("2025-09-01", "2025-09-30"), now: NOW });
    expect(report.sections.map((s) => s.id)).toEqual(["modes", "door-alarms", "access", "screening", "devices", "incidents"]);
    expect(section(report, "access").headline).toBe("No badge was presented at a door in this period.");
    expect(section(report, "modes").headline).toBe("The school stayed in normal mode all period.");
  });

  it("takes further sections as builders", () => {
    const { db } = reportStore(cleanups);
    const extra = () => ({ id: "extra", title: "Extra", headline: "Extra.", figures: [], tables: [], charts: [] });
    const report = buildReport({ db, site, period: periodOfDays("2025-09-01", "2025-09-01"), now: NOW, sections: [...SECTIONS, extra] });
    expect(report.sections.at(-1)?.id).toBe("extra");
  });

  it("keeps names and badge numbers out of the report", () => {
    const text = JSON.stringify(dayReport());
    expect(text).not.toContain("4242");
    expect(text).not.toContain("h-1");
  });
});

describe("periodOfDays", () => {
  it("covers whole days, the last one included", () => {
    expect(periodOfDays("2025-09-01", "2026-06-30")).toEqual({ from: "2025-09-01T00:00:00.000Z", to: "2026-07-01T00:00:00.000Z" });
  });

  it("refuses malformed dates and a period ending before it starts", () => {
    expect(() => periodOfDays("2025-02-30", "2025-03-01")).toThrow(/not a date/);
    expect(() => periodOfDays("2025-09-02", "2025-09-01")).toThrow(/before it starts/);
  });
});
