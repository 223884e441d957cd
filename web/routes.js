// @ts-check
/**
 * The console's pages: one module each, listed here. A page is shown to a role that holds its
 * request right (`needs`), or to everyone when it needs none; the broker refuses the requests of a
 * role that does not hold them whatever a page shows; a page for some roles only names them (`roles`).
 * A page module exports `Page({ live, info })`.
 */

/** @typedef {{ path: string, title: string, needs: string | null, roles?: readonly string[], load: () => Promise<{ Page: any }> }} Route */

/** @type {readonly Route[]} */
export const ROUTES = [
  { path: "overview", title: "Overview", needs: null, load: () => import("./pages/overview.js") },
  { path: "mode", title: "Safety mode", needs: "mode", load: () => import("./pages/mode.js") },
  { path: "doors", title: "Doors", needs: null, load: () => import("./pages/doors.js") },
  { path: "alarms", title: "Alarms", needs: "alarm", load: () => import("./pages/alarms.js") },
  { path: "rollcall", title: "Roll call", needs: "muster", load: () => import("./pages/rollcall.js") },
  { path: "incidents", title: "Incidents", needs: "incident", load: () => import("./pages/incidents.js") },
  { path: "drills", title: "Drills", needs: "drills", load: () => import("./pages/drills.js") },
  { path: "reports", title: "Reports", needs: "report", load: () => import("./pages/reports.js") },
  { path: "visitors", title: "Visitors", needs: "visitor", roles: ["front_desk", "admin"], load: () => import("./pages/visitors.js") },
  { path: "holds", title: "Visitor holds", needs: "visitor", roles: ["officer", "admin"], load: () => import("./pages/holds.js") },
  { path: "users", title: "Users", needs: null, roles: ["admin"], load: () => import("./pages/users.js") },
];

/**
 * The routes a user sees, given the role and the requests it may send (`*`: every one).
 * @param {readonly string[]} rights @param {string} role
 */
export function routesFor(rights, role) {
  return ROUTES.filter((r) => (r.needs === null || may(rights, r.needs)) && (r.roles === undefined || r.roles.includes(role)));
}

/** @param {readonly string[]} rights @param {string} name */
export function may(rights, name) {
  return rights.includes("*") || rights.includes(name);
}
