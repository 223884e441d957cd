import type { Identity } from "./broker.js";
import { RequestError } from "./requests.js";
import { mayRequest } from "./roles.js";

/**
 * Who sent a request that people at the site answer (an alarm, the roll call): a local user whose role
 * may send `name` (roles.ts), by username. The district and every other role are refused
 * `not_permitted` with `refusal` as the message.
 */
export function localRequester(from: Identity, name: string, refusal: string): string {
  if (from.source !== "local" || !mayRequest(from.role, name)) throw new RequestError("not_permitted", refusal);
  return from.username ?? from.clientId;
}
