import { describe, expect, it } from "vitest";
import { CARDS, MONDAY, STAFF_PIN, badge, chicago, harness, keypad } from "../helpers/core-site.js";

const school = harness();
const T = chicago(MONDAY, "10:00");

// The prompt a valid badge asks for is in door-behaviour.test.ts (card and PIN).
describe("the PIN prompt of a card+PIN door", () => {
  it("no prompt for a refused badge, nor once the PIN is typed", () => {
    const refused = school.decide(school.start(), badge("rdr-office", CARDS.suspended.bits), T);
    expect(refused.effects.some((e) => e.type === "cue")).toBe(false);
    const { state } = school.run([[badge("rdr-office", CARDS.staff.bits), T]]);
    const typed = school.decide(state, keypad("rdr-office", STAFF_PIN), T + 1000);
    expect(typed.effects.some((e) => e.type === "cue")).toBe(false);
    expect(typed.effects.some((e) => e.type === "event" && e.event.type === "access" && e.event.result === "granted")).toBe(true);
  });
});
