import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/reports/build.js";
import { periodOfDays } from "../../src/reports/period.js";
import { renderReport } from "../../src/reports/render.js";
import { incidentsSection } from "../../src/reports/sections/incidents.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { incidentBook } from "../helpers/incident-book.js";
import { reportStore } from "../helpers/report-store.js";

const cleanups = cleanupsAfterEach();
const site = { id: "lincoln-hs", name: "Lincoln High" };
const NOW = Date.UTC(2025, 10, 1);

/** September: two fights in the gym (closed after 1 h and 3 h), a medical call (2 h), an open theft; a vandalism in October. */
function seeded() {
  const { db } = reportStore(cleanups);
  const { open, close } = incidentBook(db);
  close(open("fight", "gym", "2025-09-02T10:00:00.000Z").id, "2025-09-02T11:00:00.000Z");
  close(open("fight", "gym", "2025-09-03T10:00:00.000Z").id, "2025-09-03T13:00:00.000Z");
  close(open("medical", "nurse", "2025-09-04T10:00:00.000Z").id, "2025-09-04T12:00:00.000Z");
  open("theft", "locker-hall", "2025-09-05T10:00:00.000Z");
  close(open("vandalism", "restroom-2", "2025-10-05T10:00:00.000Z").id, "2025-10-05T20:00:00.000Z");
  return db;
}

describe("the incidents section of a report", () => {
  it("counts the period's incidents by kind and place, open and closed, with the median time to close", () => {
    const db = seeded();
    const section = incidentsSection({ db, period: periodOfDays("2025-09-01", "2025-09-30"), now: Date.parse("2025-10-01T00:00:00Z") });
    expect(section.figures.map((f) => [f.label, f.value])).toEqual([
      ["Incidents", 4],
      ["Still open", 1],
      ["Closed", 3],
      ["Median time to close", 7_200],
    ]);
    expect(section.tables[0]?.rows).toEqual([["fight", 0, 2], ["medical", 0, 1], ["theft", 1, 0]]);
    expect(section.tables[1]?.rows).toEqual([["gym", 0, 2], ["locker-hall", 1, 0], ["nurse", 0, 1]]);
    expect(section.headline).toBe("4 incidents documented, 1 still open; half were closed within 2 hours. Most often: fight.");
    // An even count: the median is halfway between the middle two (3 h and 2 h).
    const two = incidentsSection({ db, period: periodOfDays("2025-09-03", "2025-09-04"), now: Date.parse("2025-10-01T00:00:00Z") });
    expect(two.figures.find((f) => f.label === "Median time to close")?.value).toBe(9_000);
  });

  it("reads through the index on when incidents occurred", () => {
    const db = seeded();
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT kind, place, status, count(*) FROM incidents WHERE occurred_at >= ? AND occurred_at < ? GROUP BY 1, 2, 3")
      .all("2025-09-01", "2025-10-01") as { detail: string }[];
    expect(plan.map((p) => p.detail).join("\n")).toContain("incidents_occurred");
  });

  it("shows in JSON, CSV and HTML, with a chart, and says so plainly when nothing was documented", () => {
    const db = seeded();
    const report = buildReport({ db, site, period: periodOfDays("2025-09-01", "2025-09-30"), now: NOW });
    expect(JSON.parse(renderReport(report, "json")).sections.at(-1)).toMatchObject({ id: "incidents", figures: expect.arrayContaining([{ label: "Incidents", value: 4 }]) });
    const csv = renderReport(report, "csv").split("\n");
    expect(csv).toContain("incidents,key figures,Median time to close,seconds,7200");
    expect(csv).toContain("incidents,Incidents by place,locker-hall,open,1");
    const html = renderReport(report, "html");
    expect(html).toContain('<section id="incidents"><h2>Incidents documented</h2>');
    expect(html).toMatch(/<svg[^>]*aria-label="Incidents by kind"/);
    expect(html).not.toContain("what was seen");
    const empty = buildReport({ db, site, period: periodOfDays("2025-08-01", "2025-08-31"), now: NOW });
    expect(empty.sections.at(-1)?.headline).toBe("No incident was documented in this period.");
  });
});
