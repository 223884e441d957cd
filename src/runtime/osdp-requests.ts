import type { Identity } from "../bus/broker.js";
import { OsdpRequest, type OsdpResponseData } from "../bus/request-osdp.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import type { DeviceDriver } from "../drivers/driver.js";
import type { ControlError, ControlOutcome } from "../drivers/osdp/cp-control.js";
import { OsdpDevice } from "../drivers/osdp/osdp-device.js";

/**
 * Said with every COMSET answer: the change lives in the reader and the running gateway only. After
 * a restart the gateway looks for the reader at the configured settings and does not find it.
 */
export const COMSET_NOT_SAVED =
  "not written to the configuration: update the reader's osdp address (and the bus baud_rate) in the site configuration, or after a restart the gateway looks for it at the old settings";

/** Only an administrator pairs, re-keys or rewires a reader: each changes what the reader trusts or where it is. */
function requireAdmin(from: Identity): void {
  if (from.source !== "local" || from.role !== "admin") throw new RequestError("not_permitted", "only a local admin may change an OSDP reader");
}

/** The answer's error code for a change that did not happen; `refused` when it could not even start. */
function changeError(action: "rekey" | "comset", error: ControlError): string {
  if (error === "unavailable") return "refused";
  if (action === "rekey") return error === "no_answer" ? "rekey_no_answer" : "rekey_refused";
  return `comset_${error}`;
}

/** Throws the refusal of a change that did not happen; what was there before stays. */
function settled(action: "rekey" | "comset", o: ControlOutcome): void {
  if (o.ok) return;
  const kept = action === "rekey" ? "the old key stays" : "the reader keeps its settings";
  throw new RequestError(changeError(action, o.error), `${o.detail}; ${kept}`);
}

async function handle(req: OsdpRequest, driver: OsdpDevice, wallNow: () => number): Promise<OsdpResponseData> {
  switch (req.action) {
    case "install": {
      const error = driver.openInstallWindow(req.minutes);
      if (error !== null) throw new RequestError("refused", error);
      return { reader: req.reader, until: new Date(wallNow() + Math.round(req.minutes * 60_000)).toISOString() };
    }
    case "rekey":
      settled("rekey", await driver.rekey());
      return { reader: req.reader, rekeyed: true };
    case "comset": {
      settled("comset", await driver.comset({ address: req.address, baud: req.baud }));
      // A confirmed COMSET has a running bus, unless the gateway stopped the reader meanwhile.
      const now = driver.wiring();
      if (now === null) throw new RequestError("refused", "the reader was stopped after it confirmed the new settings");
      return { reader: req.reader, ...now, saved_to_config: false, note: COMSET_NOT_SAVED };
    }
  }
}

/**
 * Register `request/osdp`. A local change, so the router records it as a command event with who
 * sent it (see components/requests.ts): every install window, key rotation and COMSET is in the
 * audit trail.
 */
export function registerOsdpRequests(router: RequestRouter, drivers: () => ReadonlyMap<string, DeviceDriver>, wallNow: () => number): void {
  router.register("osdp", {
    schema: OsdpRequest,
    changes: true,
    handle: (req, from) => {
      requireAdmin(from);
      const driver = drivers().get(req.reader);
      if (!(driver instanceof OsdpDevice)) throw new RequestError("not_found", `no OSDP reader "${req.reader}"`);
      return handle(req, driver, wallNow);
    },
  });
}
