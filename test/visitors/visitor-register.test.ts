import { describe, expect, it } from "vitest";
import type { EventBody } from "../../src/core/events.js";
import type { IssuedPass, PassRefusal, VisitorPasses } from "../../src/visitors/ports.js";
import { VisitorRegister, type SignIn } from "../../src/visitors/visitor-register.js";
import { VisitorStore } from "../../src/visitors/visitor-store.js";
import { officerVisit } from "../../src/visitors/visitor-views.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { SCHOOL_HOURS } from "../helpers/demo-site.js";
import { capturedLog } from "../helpers/log-lines.js";
import { ManualTimers } from "../helpers/manual-timers.js";

const CONFIG = { schoolDayEnd: "16:00", idRetentionDays: 30, visitRetentionDays: 365 };
const VISITOR: SignIn = {
  firstName: "Dana", lastName: "Whitfield", dateOfBirth: "1983-06-14", idType: "driver_licence", idLast4: "7731",
  host: "Ms. Alvarez", destination: "library", reason: "conference", escortRequired: true, passKind: "printed",
};

/** A pass issuer that hands out printed passes until it is told to refuse, and remembers what it revoked. */
class PrintedPasses implements VisitorPasses {
  refusal: PassRefusal | null = null;
  readonly revoked: string[] = [];
  issue(r: { visitor_id: string; destination: string; kind: "card" | "printed"; expires_at: string }): IssuedPass | { refused: PassRefusal } {
    if (this.refusal !== null) return { refused: this.refusal };
    return { visitor_id: r.visitor_id, kind: r.kind, card_label: null, qr: `pass:${r.visitor_id}`, doors: ["library"], expires_at: r.expires_at };
  }
  revoke(visitor_id: string): void {
    this.revoked.push(visitor_id);
  }
}

describe("the visitor register", () => {
  const cleanups = cleanupsAfterEach();

  function register(opts: { passes?: VisitorPasses | null; screen?: () => Promise<never>; timers?: ManualTimers; db?: ReturnType<typeof auditStore> } = {}) {
    const store = opts.db ?? auditStore(cleanups);
    const reported: EventBody[] = [];
    const { log, lines } = capturedLog();
    let n = 0;
    const reg = new VisitorRegister({
      config: CONFIG,
      timeZone: "America/Chicago",
      store: new VisitorStore(store.db),
      screen: opts.screen ?? (async () => ({ result: "clear" })),
      passes: opts.passes ?? null,
      rollCalls: () => undefined,
      scans: () => undefined,
      report: (...events) => reported.push(...events),
      publishVisitors: () => undefined,
      publishHolds: () => undefined,
      timers: opts.timers ?? new ManualTimers(SCHOOL_HOURS),
      newId: () => `v-${++n}`,
      log,
    });
    reg.start();
    cleanups.push(() => reg.stop());
    return { reg, reported, lines };
  }

  it("issues a pass that expires at the day's end, tells roster listeners, and withdraws the pass at sign-out", async () => {
    const passes = new PrintedPasses();
    const { reg } = register({ passes });
    let changes = 0;
    const unlisten = reg.onChange(() => changes++);
    const answer = await reg.signIn(VISITOR, "front_desk");
    expect(answer).toMatchObject({ status: "signed_in", pass: { qr: "pass:v-1", expires_at: "2026-11-23T22:00:00.000Z" }, pass_refused: null });
    expect(reg.onSite()).toMatchObject([{ visitor_id: "v-1", name: "Dana Whitfield", pass: { kind: "printed" } }]);
    expect(changes).toBe(1);
    reg.signOut("v-1", "front_desk");
    expect([reg.onSite(), passes.revoked, changes]).toEqual([[], ["v-1"], 2]);
    unlisten();
    await reg.signIn(VISITOR, "front_desk");
    expect(changes).toBe(2);
  });

  it("signs a visitor in without a pass when the issuer refuses one, and says why", async () => {
    const passes = new PrintedPasses();
    passes.refusal = "printed_passes_off";
    const { reg } = register({ passes });
    expect(await reg.signIn(VISITOR, "front_desk")).toEqual({ visitor_id: "v-1", status: "signed_in", pass: null, pass_refused: "printed_passes_off" });
    expect(reg.onSite()).toMatchObject([{ visitor_id: "v-1", pass: null }]);
  });

  it("holds the visitor when the watch list cannot be read, and tells the officer so", async () => {
    const { reg, reported, lines } = register({ screen: () => Promise.reject(new Error("worker gone")) });
    expect(await reg.signIn(VISITOR, "front_desk")).toEqual({ visitor_id: "v-1", status: "please_wait" });
    expect(reg.onSite()).toEqual([]);
    expect(reg.held()).toEqual([{ visitor_id: "v-1", name: "Dana Whitfield", destination: "library", host: "Ms. Alvarez", since: new Date(SCHOOL_HOURS).toISOString() }]);
    expect(reg.list(null).map(officerVisit)).toMatchObject([{ visitor_id: "v-1", status: "held", matches: [], screening_unavailable: true }]);
    expect(reported).toMatchObject([{ type: "visitor", action: "held", visitor_id: "v-1", on_site: 0 }]);
    expect(lines.some((l) => l.msg === "watch list unavailable: visitor held for an officer")).toBe(true);
  });

  it("signs out a hold no officer decided at the end of the school day, as an auto sign-out", async () => {
    const passes = new PrintedPasses();
    const timers = new ManualTimers(SCHOOL_HOURS);
    const unread = () => Promise.reject(new Error("worker gone"));
    const { reg, reported, lines } = register({ passes, timers, screen: unread });
    await reg.signIn(VISITOR, "front_desk");
    expect(reg.held()).toHaveLength(1);
    timers.advance(7 * 3_600_000); // 09:00 to 16:00 in Chicago
    expect(reg.held()).toEqual([]);
    expect(reported.at(-1)).toMatchObject({ type: "visitor", action: "auto_signed_out", visitor_id: "v-1", by: null, on_site: 0 });
    expect(reg.list("2026-11-23").map(officerVisit)).toMatchObject([{ visitor_id: "v-1", status: "signed_out", signed_out_at: "2026-11-23T22:00:00.000Z", decision: null }]);
    // A hold has no pass to withdraw.
    expect(passes.revoked).toEqual([]);
    expect(lines.find((l) => l.msg === "visitors signed out at the end of the school day")).toMatchObject({ visitors: 1, held: 1 });
  });

  it("signs out at start a hold left over from a day end the gateway was down for", async () => {
    const db = auditStore(cleanups);
    const timers = new ManualTimers(SCHOOL_HOURS);
    const first = register({ timers, db, screen: () => Promise.reject(new Error("worker gone")) });
    await first.reg.signIn(VISITOR, "front_desk");
    first.reg.stop();
    const nextMorning = new ManualTimers(SCHOOL_HOURS + 24 * 3_600_000);
    const second = register({ timers: nextMorning, db });
    expect(second.reg.held()).toEqual([]);
    expect(second.reported).toMatchObject([{ action: "auto_signed_out", visitor_id: "v-1", on_site: 0 }]);
  });
});
