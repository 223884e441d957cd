import type { Identity } from "../bus/broker.js";
import { DESK_ROLES, HOLD_ROLES } from "../bus/desk-acl.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import { canonicalRole, type CanonicalRole } from "../bus/roles.js";
import { VisitRefusal, type VisitorRegister } from "./visitor-register.js";
import { VisitorRequest } from "./visitor-schemas.js";
import { deskVisit, officerVisit } from "./visitor-views.js";

type Action = VisitorRequest["action"];

/**
 * Who may do what at the desk: the desk's roles sign visitors in and out, officers and administrators
 * decide holds, all of them list (each reading its own view: the desk never sees a match).
 */
const ACTION_ROLES: Readonly<Record<Action, ReadonlySet<CanonicalRole>>> = {
  sign_in: DESK_ROLES,
  sign_out: DESK_ROLES,
  decide: HOLD_ROLES,
  list: new Set([...DESK_ROLES, ...HOLD_ROLES]),
};

/** The local user allowed `action`, as its name and role; the district does none of them. */
function actor(from: Identity, action: Action): { by: string; role: CanonicalRole } {
  const refuse = (who: string) => new RequestError("not_permitted", `${who} may not ${action.replace("_", " ")} visitors`);
  if (from.source !== "local" || from.role === null) throw refuse(from.source === "local" ? "anonymous" : "the district");
  const role = canonicalRole(from.role);
  if (!ACTION_ROLES[action].has(role)) throw refuse(role);
  return { by: from.username ?? from.clientId, role };
}

/**
 * Register `request/visitor` on the register. `destinations` are the keys of `visitors.destinations`:
 * a sign-in to any other is refused before anything is screened or stored.
 */
export function registerVisitorRequests(router: RequestRouter, register: VisitorRegister, destinations: ReadonlySet<string>): void {
  router.register("visitor", {
    schema: VisitorRequest,
    changes: true,
    handle: async (req, from) => {
      const { by, role } = actor(from, req.action);
      try {
        switch (req.action) {
          case "sign_in": {
            if (!destinations.has(req.destination)) throw new RequestError("invalid_request", "invalid fields: destination (not one of the site's destinations)");
            const { first_name, last_name, date_of_birth, id_type, id_last4, host, destination, reason, escort_required, pass_kind } = req;
            const signIn = { firstName: first_name, lastName: last_name, dateOfBirth: date_of_birth, idType: id_type, idLast4: id_last4 };
            return await register.signIn({ ...signIn, host, destination, reason, escortRequired: escort_required, passKind: pass_kind }, by);
          }
          case "sign_out":
            return register.signOut(req.visitor_id, by);
          case "decide":
            return register.decide(req.visitor_id, req.decision, req.note, by);
          case "list": {
            const visits = register.list(req.date ?? null);
            return { visitors: HOLD_ROLES.has(role) ? visits.map(officerVisit) : visits.map(deskVisit) };
          }
        }
      } catch (err) {
        if (err instanceof VisitRefusal) throw new RequestError(err.code, err.message);
        throw err;
      }
    },
  });
}
