import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { SiteClient } from "../../src/client/site-client.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import type { HeldVisitor, OnSiteVisitor, VisitorRoster } from "../../src/visitors/ports.js";
import { demoModel, withAccounts } from "./demo-site.js";

export const OFFICER = { username: "officer", password: "officer-secret" };
export const VIEWER = { username: "watcher", password: "watcher-secret" };
export const DESK = { username: "desk", password: "desk-secret" };

/** Pat Doe (staff, h-1001) and Riley Chen (student, h-3001) of the demo's people.yaml, as a reader sends them. */
export const PAT = { holder: "h-1001", badge: formatBadgeText(encodeBits("h10301", 123, 45678)) };
export const RILEY = { holder: "h-3001", digits: "0004512345" };

/**
 * The demo site (its exterior doors' outside readers count people in, inside readers out; two
 * assembly points) with an officer, a viewer and a front desk account.
 */
export function occupancySite(trackPeople = true): ReturnType<typeof demoModel> {
  const site = demoModel();
  const accounts = [
    { ...OFFICER, role: "officer" as const },
    { ...VIEWER, role: "viewer" as const },
    { ...DESK, role: "front_desk" as const },
  ];
  const demo = site.model.occupancy;
  if (demo === undefined) throw new Error("the demo configuration has no occupancy section");
  const occupancy = { ...demo, trackPeople };
  const model: RuntimeModel = { ...withAccounts(site.model, accounts), occupancy };
  return { ...site, model };
}

/** Connect to a running gateway as `who`. */
export async function connectAs(model: RuntimeModel, port: number, who: { username: string; password: string }): Promise<SiteClient> {
  return SiteClient.connect({ url: `mqtt://127.0.0.1:${port}`, siteId: model.site.id, ...who });
}

/** A front desk register held by the test: the port the gateway reads who is signed in through. */
export class TestRoster implements VisitorRoster {
  private readonly visitors = new Map<string, OnSiteVisitor>();
  private readonly waiting = new Map<string, HeldVisitor>();
  private readonly listeners = new Set<() => void>();

  signIn(visitor_id: string, name: string, since = "2026-11-23T15:00:00.000Z"): void {
    this.waiting.delete(visitor_id);
    this.visitors.set(visitor_id, { visitor_id, name, destination: "Main office", host: "Ms. Alvarez", since, pass: null });
    for (const l of this.listeners) l();
  }

  /** The screening holds a visitor at the desk for an officer. */
  hold(visitor_id: string, name: string, since = "2026-11-23T15:00:00.000Z"): void {
    this.waiting.set(visitor_id, { visitor_id, name, destination: "Main office", host: "Ms. Alvarez", since });
    for (const l of this.listeners) l();
  }

  signOut(visitor_id: string): void {
    this.visitors.delete(visitor_id);
    this.waiting.delete(visitor_id);
    for (const l of this.listeners) l();
  }

  onSite(): readonly OnSiteVisitor[] {
    return [...this.visitors.values()];
  }

  held(): readonly HeldVisitor[] {
    return [...this.waiting.values()];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
