import { requestRights } from "../bus/roles.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import type { Session } from "./sessions.js";

/**
 * What a page needs to know that MQTT does not carry: who is logged in and which requests the role
 * may send (so the page offers only those; the broker refuses the rest anyway), the site's topic
 * prefix, door and destination names and where each door sits on the floor plan. Live state comes over MQTT only.
 */
export interface SiteInfo {
  readonly user: { readonly username: string; readonly role: string; readonly requests: readonly string[] };
  readonly site: { readonly id: string; readonly name: string; readonly prefix: string };
  readonly doors: readonly { readonly id: string; readonly name: string }[];
  /** Where the front desk may send a visitor (`visitors.destinations`); empty when the site has no desk. */
  readonly destinations: readonly { readonly id: string; readonly name: string }[];
  /** The floor plan's size and door positions; the drawing itself is `/plan.svg`. */
  readonly plan: { readonly width: number; readonly height: number; readonly doors: Readonly<Record<string, readonly [number, number]>> } | null;
}

/** The site's part of SiteInfo, built once. */
export function siteLayout(model: RuntimeModel, prefix: string): Omit<SiteInfo, "user"> {
  const plan = model.console?.floorPlan ?? null;
  return {
    site: { id: model.site.id, name: model.site.name, prefix },
    doors: [...model.core.doors.values()].map((d) => ({ id: d.id, name: d.name })),
    destinations: [...(model.visitors?.destinations ?? new Map()).entries()].map(([id, d]) => ({ id, name: d.name })),
    plan: plan === null ? null : { width: plan.width, height: plan.height, doors: plan.doors },
  };
}

/** The info for one session. */
export function siteInfo(layout: Omit<SiteInfo, "user">, session: Session): SiteInfo {
  return { ...layout, user: { username: session.username, role: session.role, requests: requestRights(session.role) } };
}
