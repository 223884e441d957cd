// `request/drills` `list`: past drill records of a school year or a from/to range, newest first, a page at a time.
import type { DrillListData, DrillListRequest } from "../bus/drill-payloads.js";
import { RequestError } from "../bus/requests.js";
import type { ComplianceWatch } from "./compliance-watch.js";
import type { DrillService } from "./drill-service.js";
import { drillPayload } from "./drill-wire.js";

/** The instants listed and the year they are, if one. */
interface Range {
  year: string | null;
  from: number | null;
  to: number | null;
}

const instant = (iso: string | undefined): number | null => (iso === undefined ? null : Date.parse(iso));

/** A from/to range as given; else the school year named or the current one; without a `drills` section, every record. */
function rangeOf(req: DrillListRequest, compliance: ComplianceWatch | null): Range {
  if (req.from !== undefined || req.to !== undefined) return { year: null, from: instant(req.from), to: instant(req.to) };
  if (compliance === null) {
    if (req.year !== undefined) throw new RequestError("not_configured", "the site has no drills section: list by from/to");
    return { year: null, from: null, to: null };
  }
  const year = compliance.year(req.year);
  if (year === undefined) throw new RequestError("not_found", `the site lists no school year ${req.year ?? "now"}`);
  return { year: year.name, from: year.firstDay, to: year.end };
}

export function listDrills(req: DrillListRequest, drills: DrillService, compliance: ComplianceWatch | null): DrillListData {
  const range = rangeOf(req, compliance);
  if (req.before !== undefined && drills.record(req.before) === undefined) throw new RequestError("not_found", `drill ${req.before} does not exist`);
  // One more than the page: whether there is a next one.
  const rows = drills.records(range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER, req.limit + 1, req.before);
  const page = rows.slice(0, req.limit);
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    year: range.year,
    from: iso(range.from),
    to: iso(range.to),
    drills: page.map(drillPayload),
    next: rows.length > req.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
