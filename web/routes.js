// @ts-check
/**
 * The console's pages: one module each, listed here. A page is shown to a role that holds its
 * request right (`needs`), or to everyone when it needs none; the broker refuses the requests of a
 * role that does not hold them whatever a page shows. A page module exports `Page({ live, info })`.
 */

/** @typedef {{ path: string, title: string, needs: string | null, load: () => Promise<{ Page: any }> }} Route */

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
];

/**
 * The routes a user sees, given the requests the role may send (`*`: every one).
 * @param {readonly string[]} rights
 */
export function routesFor(rights) {
  return ROUTES.filter((r) => r.needs === null || rights.includes("*") || rights.includes(r.needs));
}

/** @param {readonly string[]} rights @param {string} name */
export function may(rights, name) {
  return rights.includes("*") || rights.includes(name);
}
