import type { Identity } from "../bus/broker.js";
import { OsdpRequest } from "../bus/request-osdp.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import type { DeviceDriver } from "../drivers/driver.js";
import { OsdpDevice } from "../drivers/osdp/osdp-device.js";

/** Only an administrator pairs a reader: a window accepts the published default key. */
function requireAdmin(from: Identity): void {
  if (from.source !== "local" || from.role !== "admin") throw new RequestError("not_permitted", "only a local admin may open an install window");
}

/**
 * Register `request/osdp`. A local change, so the router records it as a command event with who
 * sent it (see components/requests.ts): every install window opened is in the audit trail.
 */
export function registerOsdpRequests(router: RequestRouter, drivers: () => ReadonlyMap<string, DeviceDriver>, wallNow: () => number): void {
  router.register("osdp", {
    schema: OsdpRequest,
    changes: true,
    handle: (req, from) => {
      requireAdmin(from);
      const driver = drivers().get(req.reader);
      if (!(driver instanceof OsdpDevice)) throw new RequestError("not_found", `no OSDP reader "${req.reader}"`);
      const error = driver.openInstallWindow(req.minutes);
      if (error !== null) throw new RequestError("refused", error);
      return { reader: req.reader, until: new Date(wallNow() + Math.round(req.minutes * 60_000)).toISOString() };
    },
  });
}
