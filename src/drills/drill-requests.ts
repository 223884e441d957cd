// `request/drill` (run a drill's record) and `request/drills` (a school year's compliance, or its drill records).
import type { Identity } from "../bus/broker.js";
import { DrillRequest, DrillsRequest, type DrillResponseData, type DrillsResponseData } from "../bus/drill-payloads.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import type { ComplianceWatch } from "./compliance-watch.js";
import { listDrills } from "./drill-list.js";
import type { DrillService } from "./drill-service.js";
import type { DrillRecord } from "./drill-store.js";
import { drillPayload } from "./drill-wire.js";

/** Who keeps the record: a local user (the router already checked the role may send `drill`). */
function keeper(from: Identity): string {
  if (from.source !== "local") throw new RequestError("not_permitted", "drill records are kept by people at the site");
  return from.username ?? from.clientId;
}

function found(record: DrillRecord | undefined, what: string): DrillResponseData {
  if (record === undefined) throw new RequestError("not_found", what);
  return { drill: drillPayload(record) };
}

/** Register both requests; `compliance` is null when the site has no `drills` section. */
export function registerDrillRequests(router: RequestRouter, drills: DrillService, compliance: ComplianceWatch | null): void {
  router.register("drill", {
    schema: DrillRequest,
    changes: true,
    handle: (req, from): DrillResponseData => {
      const by = keeper(from);
      if (req.action === "start") {
        if (drills.running() !== undefined) throw new RequestError("drill_running", "a drill is running: end it first");
        return { drill: drillPayload(drills.start(req.type, by)) };
      }
      const id = req.drill ?? drills.running()?.id;
      if (id === undefined) throw new RequestError("not_found", "no drill is running; name one");
      if (req.action === "end") return found(drills.end(id, by), `drill ${id} does not exist or has ended`);
      return found(drills.update(id, req), `drill ${id} does not exist`);
    },
  });
  router.register("drills", {
    schema: DrillsRequest,
    handle: (req): DrillsResponseData => {
      if (req.action === "list") return listDrills(req, drills, compliance);
      if (compliance === null) throw new RequestError("not_configured", "the site has no drills section");
      const state = compliance.compliance(req.year);
      if (state === undefined) throw new RequestError("not_found", `the site lists no school year ${req.year ?? "now"}`);
      return state;
    },
  });
}
