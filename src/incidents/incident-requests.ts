import type { Identity } from "../bus/broker.js";
import { IncidentRequest, type IncidentResponseData } from "../bus/incident-payloads.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import { canonicalRole, mayRequest } from "../bus/roles.js";
import type { IncidentBook } from "./incident-book.js";

/** Roles that write incident records; the audit role reads them and changes nothing. */
const WRITERS: ReadonlySet<string> = new Set(["officer", "admin"]);

/**
 * Who asks: a local user whose role may send `incident` (bus/roles.ts: officers, administrators and,
 * to read only, auditors). Incident records are student records: the district and every other role
 * are refused, and the answer goes to the asking client only.
 */
function asker(from: Identity, writes: boolean): string {
  const role = from.source === "local" ? from.role : null;
  if (role === null || !mayRequest(role, "incident") || (writes && !WRITERS.has(canonicalRole(role)))) {
    const what = writes ? "only an officer or an administrator of the site may change incidents" : "only officers, administrators and auditors of the site read incidents";
    throw new RequestError("not_permitted", what);
  }
  return from.username ?? from.clientId;
}

/** Register `request/incident`: each change is recorded as an `incident` event naming who made it. */
export function registerIncidentRequests(router: RequestRouter, book: IncidentBook): void {
  router.register("incident", {
    schema: IncidentRequest,
    // Reads are audited too: who looked at which student records is part of the trail.
    changes: true,
    handle: (req, from): IncidentResponseData => {
      const by = asker(from, req.action !== "get" && req.action !== "list");
      switch (req.action) {
        case "open":
          return { incident: book.open(req, by) };
        case "update":
          return { incident: book.update(req, by) };
        case "close":
          return { incident: book.close(req, by) };
        case "reopen":
          return { incident: book.reopen(req, by) };
        case "get":
          return { incident: book.get(req.incident) };
        case "list":
          return { incidents: book.list(req) };
      }
    },
  });
}
