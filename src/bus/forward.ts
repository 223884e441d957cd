import type { AedesPublishPacket } from "aedes";
import type { AclContext } from "./acl.js";
import type { AddressedMessages } from "./addressed.js";
import { mayReceive } from "./desk-acl.js";
import { mayReceivePeople } from "./people-acl.js";
import { AccessRedactor } from "./redact.js";
import { readsFullCredentials, type BusRole } from "./roles.js";

/**
 * Decides, per message and per receiving client (its id, and its role: null for an anonymous viewer),
 * what the client reads of a message it subscribed to: the message, a redacted copy, or nothing.
 */
export type ForwardRule = (clientId: string, role: BusRole | null, packet: AedesPublishPacket) => AedesPublishPacket | null;

/**
 * The read rules of the embedded broker (aedes' `authorizeForward`):
 * - nothing outside the site prefix;
 * - `request/...` and `sim/...`: to no client (a request may carry a PIN; only the gateway reads them);
 * - `response/...`: only to the client whose request it answers;
 * - `state/desk/...` (a scanned ID's name and date of birth): to the desk's roles only (desk-acl.ts);
 * - `state/occupancy/people` and `state/muster` (who is in, who is missing): to the roles that look
 *   after people only (people-acl.ts);
 * - `event/access`: with the credential masked (format and last digits) unless the role reads full
 *   credentials (admin, audit); an access event that cannot be masked goes to those roles only;
 * - everything else (status, state, other events) as it is.
 * String prefix checks only: this runs once per subscriber for every message, badges included.
 */
export function forwardRule(ctx: AclContext, addressed: AddressedMessages): ForwardRule {
  const site = `${ctx.prefix}/`;
  const requests = `${site}request/`;
  const sims = `${site}sim/`;
  const responses = `${site}response/`;
  const access = `${site}event/access`;
  const redactor = new AccessRedactor();
  return (clientId, role, packet) => {
    const topic = packet.topic;
    if (!topic.startsWith(site) || topic.length === site.length) return null;
    if (topic.startsWith(requests) || topic.startsWith(sims)) return null;
    if (topic.startsWith(responses)) return addressed.isFor(packet, clientId) ? packet : null;
    if (!mayReceive(role, topic, ctx.prefix)) return null;
    if (!mayReceivePeople(role, topic, ctx.prefix)) return null;
    if (topic !== access || readsFullCredentials(role)) return packet;
    const payload = redactor.payloadFor(packet);
    return payload === null ? null : { ...packet, payload };
  };
}
