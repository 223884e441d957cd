import { BUS_ROLES, requestRights, type BusRole } from "../bus/roles.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import { MODES, type Mode } from "../core/model.js";
import { modeOffers, type ModeOffer } from "../core/mode-rights.js";
import type { Session } from "./sessions.js";

/** What a user may do to the school's mode, for each mode that may be on. */
type ModeOffers = Readonly<Record<Mode, ModeOffer>>;

/**
 * What a page needs to know that MQTT does not carry: who is logged in, which requests the role may
 * send and which mode changes the site's safety rules accept from it (so the page offers only those;
 * the gateway refuses the rest anyway), the site's topic prefix, door and destination names and
 * where each door sits on the floor plan. Live state comes over MQTT only.
 */
export interface SiteInfo {
  readonly user: { readonly username: string; readonly role: string; readonly requests: readonly string[]; readonly modes: ModeOffers };
  readonly site: { readonly id: string; readonly name: string; readonly prefix: string };
  readonly doors: readonly { readonly id: string; readonly name: string }[];
  /** Where the front desk may send a visitor (`visitors.destinations`); empty when the site has no desk. */
  readonly destinations: readonly { readonly id: string; readonly name: string }[];
  /** The floor plan's size and door positions; the drawing itself is `/plan.svg`. */
  readonly plan: { readonly width: number; readonly height: number; readonly doors: Readonly<Record<string, readonly [number, number]>> } | null;
}

/** The site's part of SiteInfo, built once, with what each role may do to the mode (not sent whole: each session gets its own). */
export interface SiteLayout extends Omit<SiteInfo, "user"> {
  /** A role without an entry may change nothing. */
  readonly modeOffers: Readonly<Partial<Record<BusRole, ModeOffers>>>;
}

/** Offers for a role the site's rules name nowhere: nothing. */
const NO_OFFERS: ModeOffers = Object.fromEntries(MODES.map((m): [Mode, ModeOffer] => [m, { raise: [], clear: false }])) as Record<Mode, ModeOffer>;

/** The site's part of SiteInfo, built once; the mode offers come from the rules the decision core applies, the role as principal. */
export function siteLayout(model: RuntimeModel, prefix: string): SiteLayout {
  const plan = model.console?.floorPlan ?? null;
  return {
    site: { id: model.site.id, name: model.site.name, prefix },
    doors: [...model.core.doors.values()].map((d) => ({ id: d.id, name: d.name })),
    destinations: [...(model.visitors?.destinations ?? new Map()).entries()].map(([id, d]) => ({ id, name: d.name })),
    plan: plan === null ? null : { width: plan.width, height: plan.height, doors: plan.doors },
    modeOffers: Object.fromEntries(BUS_ROLES.map((role) => [role, modeOffers(model.core, role)])),
  };
}

/** The info for one session. */
export function siteInfo(layout: SiteLayout, session: Session): SiteInfo {
  const { modeOffers: offers, ...site } = layout;
  const modes = offers[session.role] ?? NO_OFFERS;
  return { ...site, user: { username: session.username, role: session.role, requests: requestRights(session.role), modes } };
}
