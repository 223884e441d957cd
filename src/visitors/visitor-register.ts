import type { VisitorsModel } from "../config/compile-visitors.js";
import { DAY_MS } from "../core/local-time.js";
import type { EventBody } from "../core/events.js";
import type { VisitorEvent } from "../core/visitor-events.js";
import type { ScreenResult } from "../screening/screen.js";
import type { ScreenedPerson } from "../screening/watch-schemas.js";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";
import { SchoolDayEnd } from "./day-end.js";
import type { HeldVisitor, OnSiteVisitor, PassRefusal, RollCallNames, ScannedIds, VisitorPasses, VisitorRoster } from "./ports.js";
import type { Visit, VisitorDecision, VisitScreening } from "./visit.js";
import type { VisitorHoldsPayload, VisitorsStatePayload } from "./visitor-schemas.js";
import type { VisitorStore } from "./visitor-store.js";
import { heldOf, holdsState, onSiteOf, visitorsState } from "./visitor-views.js";

/** What the register is given. */
export interface VisitorRegisterDeps {
  readonly config: Pick<VisitorsModel, "schoolDayEnd" | "idRetentionDays" | "visitRetentionDays">;
  readonly timeZone: string;
  readonly store: VisitorStore;
  /** Screen a person against the district watch list (rejects when the list cannot be read). */
  readonly screen: (person: ScreenedPerson) => Promise<ScreenResult>;
  /** The pass issuer; null until the site has one: visitors are then signed in without a pass. */
  readonly passes: VisitorPasses | null;
  /** The roll calls, whose visitor names go with the ID data; undefined while the site has none. */
  readonly rollCalls: () => RollCallNames | undefined;
  /** The desk's last ID scans, taken down by a sign-in of the person scanned; undefined: none. */
  readonly scans: () => ScannedIds | undefined;
  /** Record events through the engine's report path. */
  readonly report: (...events: EventBody[]) => void;
  readonly publishVisitors: (state: VisitorsStatePayload) => void;
  readonly publishHolds: (state: VisitorHoldsPayload) => void;
  /** Wall time and its timer (the end of the school day is a wall-clock time). */
  readonly timers: TimerApi;
  readonly newId: () => string;
  readonly log: Logger;
}

/** A sign-in as the desk gives it (validated). */
export interface SignIn {
  readonly firstName: string;
  readonly lastName: string;
  readonly dateOfBirth: string;
  readonly idType: string;
  readonly idLast4: string;
  readonly host: string;
  readonly destination: string;
  readonly reason: string;
  readonly escortRequired: boolean;
  readonly passKind: "card" | "printed";
}

/** The desk's answer to a sign-in: admitted (with a pass, or why none), or a neutral wait. */
export type SignInAnswer =
  | { readonly visitor_id: string; readonly status: "please_wait" }
  | { readonly visitor_id: string; readonly status: "signed_in"; readonly pass: Visit["pass"]; readonly pass_refused: PassRefusal | null };

/** Why a sign-out or a decision was refused: the visit is not in the state the action needs. */
export class VisitRefusal extends Error {
  override readonly name = "VisitRefusal";
  constructor(readonly code: "not_on_site" | "not_held", message: string) {
    super(message);
  }
}

/**
 * The front desk's register: signs visitors in after the watch list screening (a possible match holds
 * them for an officer), signs them out (at the desk or at the end of the school day), keeps the visits
 * in the store, records each step as a `visitor` event (its id and counts, never a name), publishes
 * who is on site and the holds, and tells roster listeners of every change. Logs carry ids and counts.
 */
export class VisitorRegister implements VisitorRoster {
  private readonly listeners = new Set<() => void>();
  private readonly dayEnd: SchoolDayEnd;
  private open: Visit[] = [];
  private timer: unknown = null;

  constructor(private readonly deps: VisitorRegisterDeps) {
    this.dayEnd = new SchoolDayEnd(deps.timeZone, deps.config.schoolDayEnd);
  }

  /**
   * Publish the visits the last run left, sign out those a missed day end would have (on site or
   * still held), arm the day-end timer.
   */
  start(): void {
    this.refresh();
    const missed = this.dayEnd.previous(this.deps.timers.now());
    const stale = this.open.filter((v) => (v.signedInAt ?? v.arrivedAt) < missed);
    if (stale.length > 0) this.autoSignOut(stale);
    this.arm();
  }

  stop(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  onSite(): readonly OnSiteVisitor[] {
    return onSiteOf(this.open);
  }

  held(): readonly HeldVisitor[] {
    return heldOf(this.open);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Screen and sign in; a possible match, or a watch list that cannot be read, holds the visitor. */
  async signIn(s: SignIn, by: string | null): Promise<SignInAnswer> {
    const screening = await this.screening(s);
    const now = this.deps.timers.now();
    const id = this.deps.newId();
    const held = "unavailable" in screening || screening.length > 0;
    this.deps.store.insert({ id, ...s, status: held ? "held" : "signed_in", arrivedAt: now, signedInAt: held ? null : now, screening }, by);
    this.deps.scans()?.signedIn(s);
    if (held) {
      this.deps.log.info({ visitor_id: id, destination: s.destination }, "visitor held for an officer");
      this.record(this.event("held", id, s.destination, by));
      return { visitor_id: id, status: "please_wait" };
    }
    const pass = this.issue(id, s.destination, s.passKind, now);
    this.record(this.event("signed_in", id, s.destination, by));
    return { visitor_id: id, status: "signed_in", ...pass };
  }

  /** The desk signs a visitor out; the pass is withdrawn. */
  signOut(id: string, by: string | null): { visitor_id: string; status: "signed_out" } {
    const v = this.deps.store.get(id);
    if (v === null || v.status !== "signed_in") throw new VisitRefusal("not_on_site", "no such visitor is signed in");
    this.deps.store.signOut(id, this.deps.timers.now());
    this.deps.passes?.revoke(id);
    this.record(this.event("signed_out", id, v.destination, by));
    return { visitor_id: id, status: "signed_out" };
  }

  /** An officer's decision on a hold: clear admits, confirm refuses (a watch list hit), escalate keeps it held. */
  decide(id: string, decision: VisitorDecision, note: string, by: string): SignInAnswer | { visitor_id: string; status: "held" | "refused" } {
    const v = this.deps.store.get(id);
    if (v === null || v.status !== "held") throw new VisitRefusal("not_held", "no such visitor is held");
    const now = this.deps.timers.now();
    const status = decision === "clear" ? "signed_in" : decision === "confirm" ? "refused" : "held";
    this.deps.store.decide(id, status, decision, by, note, now);
    this.deps.log.info({ visitor_id: id, decision, by }, "visitor hold decided");
    const decided = { ...this.event("decided", id, v.destination, by), decision };
    if (decision === "escalate") {
      this.record(decided);
      return { visitor_id: id, status: "held" };
    }
    if (decision === "confirm") {
      this.record(decided, this.event("refused", id, v.destination, by));
      return { visitor_id: id, status: "refused" };
    }
    this.deps.store.admit(id, now, by);
    const pass = this.issue(id, v.destination, v.passKind, now);
    this.record(decided, this.event("signed_in", id, v.destination, by));
    return { visitor_id: id, status: "signed_in", ...pass };
  }

  /** Open visits (no date), or every visit that began on a local date, oldest first. */
  list(date: string | null): Visit[] {
    if (date === null) return this.deps.store.open();
    const [from, to] = this.dayEnd.dayBounds(date);
    return this.deps.store.between(from, to);
  }

  /**
   * Purge ID data and whole visits past their retention, and visitors' names from roll calls past the
   * ID data's (a roll call keeps a name, not the visit's id data, but it is the same person's record);
   * records a `purged` event when anything went.
   */
  purge(): { idData: number; visits: number; rollCallNames: number } {
    const now = this.deps.timers.now();
    const { idRetentionDays: idDays, visitRetentionDays: visitDays } = this.deps.config;
    const idBefore = now - idDays * DAY_MS;
    const counts = { ...this.deps.store.purge(idBefore, now - visitDays * DAY_MS, now), rollCallNames: this.deps.rollCalls()?.forgetNames(idBefore) ?? 0 };
    if (counts.idData > 0 || counts.visits > 0 || counts.rollCallNames > 0) {
      const purged = { id_data: counts.idData, visits: counts.visits, roll_call_names: counts.rollCallNames };
      this.deps.log.info(purged, "visitor records purged");
      this.record({ ...this.event("purged", null, null, null), purged });
    }
    return counts;
  }

  private async screening(s: SignIn): Promise<VisitScreening> {
    try {
      const result = await this.deps.screen({ given: s.firstName, family: s.lastName, dob: s.dateOfBirth });
      return result.result === "clear" ? [] : result.matches;
    } catch (err) {
      this.deps.log.error({ err: err instanceof Error ? err.name : "error" }, "watch list unavailable: visitor held for an officer");
      return { unavailable: true };
    }
  }

  /** Issue a pass to an admitted visitor, expiring at the end of the school day. */
  private issue(id: string, destination: string, kind: "card" | "printed", now: number): { pass: Visit["pass"]; pass_refused: PassRefusal | null } {
    if (this.deps.passes === null) return { pass: null, pass_refused: null };
    const expires_at = new Date(this.dayEnd.next(now)).toISOString();
    const issued = this.deps.passes.issue({ visitor_id: id, destination, kind, expires_at });
    if ("refused" in issued) return { pass: null, pass_refused: issued.refused };
    this.deps.store.setPass(id, issued);
    return { pass: issued, pass_refused: null };
  }

  /**
   * The end of the school day: every open visit ends, a hold no officer decided too (the visitor has
   * left the desk by then); each is recorded as `auto_signed_out`, which ends a hold's alarms.
   */
  private autoSignOut(visits: readonly Visit[]): void {
    const now = this.deps.timers.now();
    for (const v of visits) {
      this.deps.store.endVisit(v.id, now);
      if (v.status === "signed_in") this.deps.passes?.revoke(v.id);
    }
    const held = visits.filter((v) => v.status === "held").length;
    this.deps.log.info({ visitors: visits.length, held }, "visitors signed out at the end of the school day");
    this.refresh();
    const left = this.open.filter((v) => v.status === "signed_in").length;
    this.deps.report(...visits.map((v) => ({ ...this.event("auto_signed_out", v.id, v.destination, null), on_site: left })));
  }

  private arm(): void {
    const now = this.deps.timers.now();
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      const open = this.deps.store.open();
      if (open.length > 0) this.autoSignOut(open);
      this.arm();
    }, this.dayEnd.next(now) - now);
  }

  /** Re-read the open visits, publish both states, record the events with the count after them, tell listeners. */
  private record(...events: VisitorEvent[]): void {
    this.refresh();
    const onSite = this.open.filter((v) => v.status === "signed_in").length;
    this.deps.report(...events.map((e) => ({ ...e, on_site: onSite })));
  }

  private refresh(): void {
    this.open = this.deps.store.open();
    this.deps.publishVisitors(visitorsState(this.open));
    this.deps.publishHolds(holdsState(this.open));
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (err) {
        this.deps.log.error({ err }, "visitor roster listener failed");
      }
    }
  }

  private event(action: VisitorEvent["action"], id: string | null, destination: string | null, by: string | null): VisitorEvent {
    return { type: "visitor", action, visitor_id: id, destination, by, decision: null, on_site: 0, purged: null };
  }
}
