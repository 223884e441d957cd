import type { Identity } from "../bus/broker.js";
import { MusterRequest, type MusterResponseData } from "../bus/muster-payloads.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import { localRequester } from "../bus/local-requester.js";
import type { MusterRefusal, MusterService } from "./muster-service.js";

const REFUSALS: Readonly<Record<MusterRefusal, string>> = {
  already_open: "a roll call is already open: end it first",
  not_open: "no roll call is open",
  unknown_point: "no such assembly point",
};

/** Who takes the roll call: officers and administrators at the site (roles.ts). */
const taker = (from: Identity): string => localRequester(from, "muster", "only an officer or an administrator of the site may take the roll call");

/** Register `request/muster`: start, mark, status and end of the roll call after an evacuation. */
export function registerMusterRequests(router: RequestRouter, service: MusterService): void {
  router.register("muster", {
    schema: MusterRequest,
    changes: true,
    handle: (req, from): MusterResponseData => {
      const by = taker(from);
      const result =
        req.action === "start"
          ? service.begin(by)
          : req.action === "mark"
            ? service.mark(by, req.people, req.status, req.point ?? null)
            : req.action === "status"
              ? service.status()
              : service.end(by);
      if (typeof result === "string") throw new RequestError(result, REFUSALS[result]);
      return { muster: result };
    },
  });
}
