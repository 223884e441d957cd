import type { ServerResponse } from "node:http";
import { z } from "zod";
import { DESK_ROLES, HOLD_ROLES } from "../bus/desk-acl.js";
import { PEOPLE_ROLES } from "../bus/people-acl.js";
import { BUS_ROLES, canonicalRole, readsFullCredentials, requestRights, type BusRole } from "../bus/roles.js";
import { sendJson } from "./http.js";
import type { Session, SessionStore } from "./sessions.js";

/** One user as the admin's Users page shows them: never a password or its hash. */
const UserRow = z.strictObject({
  username: z.string(),
  role: z.enum(BUS_ROLES),
  /** The requests the role may send (`*`: every one). */
  requests: z.array(z.string()),
  /** What the role reads, in words. */
  reads: z.array(z.string()),
  /** Whether the user has a console session open now. */
  online: z.boolean(),
});

/** What `/api/users` answers. */
export const UsersAnswer = z.strictObject({ users: z.array(UserRow) });
export type UsersAnswer = z.infer<typeof UsersAnswer>;

/** What a role reads of the site's topics, in words: the broker's own read rules, named. */
function readsOf(role: BusRole): string[] {
  const r = canonicalRole(role);
  return [
    "site state (mode, doors, alarms, counts)",
    readsFullCredentials(role) ? "access events with full credential data" : "access events without credential data",
    ...(PEOPLE_ROLES.has(r) ? ["who is in the building and the roll call"] : []),
    ...(DESK_ROLES.has(r) ? ["the visitors on site and scanned IDs"] : []),
    ...(HOLD_ROLES.has(r) ? ["held visitors and their possible watch list matches"] : []),
  ];
}

/** The broker's users, each with their role's rights and whether a console session of theirs is open. */
export function usersAnswer(roles: ReadonlyMap<string, BusRole>, sessions: SessionStore): UsersAnswer {
  const online = sessions.openUsers();
  const users = [...roles].map(([username, role]) => ({ username, role, requests: [...requestRights(role)], reads: readsOf(role), online: online.has(username) }));
  users.sort((a, b) => a.username.localeCompare(b.username));
  return UsersAnswer.parse({ users });
}

/** `/api/users`: for an admin's session only (401 without a session, 403 for any other role). */
export function sendUsers(res: ServerResponse, session: Session | undefined, roles: ReadonlyMap<string, BusRole>, sessions: SessionStore): void {
  if (session === undefined) return sendJson(res, 401, { error: "log in" });
  if (session.role !== "admin") return sendJson(res, 403, { error: "for the site administrator only" });
  sendJson(res, 200, usersAnswer(roles, sessions));
}
