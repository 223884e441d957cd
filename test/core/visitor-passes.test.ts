import { describe, expect, it } from "vitest";
import { encodeBits } from "../../src/core/badge.js";
import type { Input } from "../../src/core/inputs.js";
import type { VisitorPass } from "../../src/core/state.js";
import { accessEvent, badge, chicago, doorEvent, eventsOf, harness, lockFx, MONDAY, raise, wedge, type Step } from "../helpers/core-site.js";

/** A card of the desk's pool: a valid H10301 read nobody holds. */
const POOL_BITS = encodeBits("h10301", 200, 7);
const POOL_CREDENTIAL = { format: "h10301", facility: 200, number: 7, raw: POOL_BITS };
const POOL_KEY = "h10301:200:7";
/** A printed pass's code, as a keyboard-wedge 2D reader types it. */
const CODE = "73019284756601928374";
const VISIT: readonly [string, string] = ["visit-1", "visitor"];

const [MORNING, END] = [chicago(MONDAY, "10:00"), chicago(MONDAY, "16:00")];
const pass = (doors: string[], expiresAt = END): VisitorPass => ({ visitor: "visit-1", doors, expiresAt });
const issue = (key: string, p: VisitorPass): Input => ({ kind: "visitor_pass", action: "issue", key, pass: p });
const revoke = (key: string): Input => ({ kind: "visitor_pass", action: "revoke", key });

describe("visitor passes in the decision core", () => {
  const h = harness();
  const issued: Step = [issue(POOL_KEY, pass(["lab", "front", "office"])), MORNING - 60_000];
  const last = (steps: Step[]) => eventsOf(h.run(steps).last.effects);

  it("grants a pass card at a door of its destination and releases the lock, recorded as the visit", () => {
    const { last: decision } = h.run([issued, [badge("rdr-lab", POOL_BITS), MORNING]]);
    expect(eventsOf(decision.effects)).toEqual([accessEvent("lab", "rdr-lab", POOL_CREDENTIAL, null, VISIT), doorEvent("lab", "unlocked", "grant")]);
    expect(decision.effects).toContainEqual(lockFx("lab", "lk-lab", false));
  });

  it("denies the pass at a door outside it with outside_pass", () => {
    expect(last([issued, [badge("rdr-side", POOL_BITS), MORNING]])).toEqual([accessEvent("side", "rdr-side", POOL_CREDENTIAL, "outside_pass", VISIT)]);
  });

  it("denies the pass from its expiry on with pass_expired, even at its own doors", () => {
    expect(last([issued, [badge("rdr-lab", POOL_BITS), END - 1]])[0]).toMatchObject({ result: "granted" });
    expect(last([issued, [badge("rdr-lab", POOL_BITS), END]])).toEqual([accessEvent("lab", "rdr-lab", POOL_CREDENTIAL, "pass_expired", VISIT)]);
    expect(last([issued, [badge("rdr-side", POOL_BITS), END]])[0]).toMatchObject({ reason: "pass_expired" });
  });

  it("forgets a revoked pass: its card is unknown again and the state holds no pass", () => {
    const run = h.run([issued, [revoke(POOL_KEY), MORNING - 1000], [badge("rdr-lab", POOL_BITS), MORNING]]);
    expect(eventsOf(run.last.effects)).toEqual([accessEvent("lab", "rdr-lab", POOL_CREDENTIAL, "unknown_credential", null)]);
    expect(run.state.passes).toBeUndefined();
    expect(run.state).toEqual(h.run([[badge("rdr-lab", POOL_BITS), MORNING]]).state);
  });

  it("takes a printed pass's code from a keyboard-wedge reader like a card", () => {
    const printed: Step = [issue(`digits:${CODE}`, pass(["front"])), MORNING - 60_000];
    const credential = { format: "digits", facility: null, number: null, raw: CODE };
    expect(last([printed, [wedge("rdr-front-out", CODE), MORNING]])[0]).toEqual(accessEvent("front", "rdr-front-out", credential, null, VISIT));
    expect(last([printed, [wedge("rdr-lab", CODE), MORNING]])).toEqual([accessEvent("lab", "rdr-lab", credential, "outside_pass", VISIT)]);
  });

  it("issuing under a key again replaces the pass", () => {
    const again: Step = [issue(POOL_KEY, pass(["side"])), MORNING - 1000];
    expect(last([issued, again, [badge("rdr-lab", POOL_BITS), MORNING]])[0]).toMatchObject({ reason: "outside_pass" });
    expect(last([issued, again, [badge("rdr-side", POOL_BITS), MORNING]])[0]).toMatchObject({ result: "granted" });
  });

  it("keeps a card+PIN door shut to a pass (it has no PIN) and a locked-down door to visitors", () => {
    expect(last([issued, [badge("rdr-office", POOL_BITS), MORNING]])[0]).toMatchObject({ reason: "pin_required", holder: "visit-1" });
    const lockdown: Step = [raise("lockdown", "admin"), MORNING - 1000];
    expect(last([issued, lockdown, [badge("rdr-lab", POOL_BITS), MORNING]])[0]).toMatchObject({ reason: "mode_restricted", role: "visitor" });
  });
});
