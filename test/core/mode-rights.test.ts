import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import { MODES, RAISED_MODES } from "../../src/core/model.js";
import { modeOffers } from "../../src/core/mode-rights.js";
import { MONDAY, chicago, clear, harness, raise, tick } from "../helpers/core-site.js";

const school = harness();
const T = chicago(MONDAY, "08:05");
const SETTLED = school.run([[tick, T - 60_000]]).state;
const PRINCIPALS = ["officer", "operator", "admin", "district", "panic", "key_switch", "viewer", "front_desk"];

const accepted = (effects: readonly Effect[]): boolean => !effects.some((e) => e.type === "refused");

describe("what a principal may do to the mode, as a console is told", () => {
  it("an officer may raise lockdown but not clear it; an administrator may clear it", () => {
    expect(modeOffers(school.model, "officer").lockdown).toEqual({ raise: ["lockdown"], clear: false });
    expect(modeOffers(school.model, "admin").lockdown).toEqual({ raise: ["lockdown"], clear: true });
    expect(modeOffers(school.model, "officer").normal).toEqual({ raise: [...RAISED_MODES], clear: false });
    expect(modeOffers(school.model, "viewer").hold).toEqual({ raise: [], clear: false });
  });

  // The offers are what the decision core accepts, change for change: never a button the gateway refuses.
  it.each(PRINCIPALS)("for %s, every mode on: the offers are exactly the changes the core accepts", (by) => {
    const offers = modeOffers(school.model, by);
    for (const current of MODES) {
      const state = current === "normal" ? SETTLED : school.run([[raise(current, "district"), T - 1000]], SETTLED).state;
      const raisable = RAISED_MODES.filter((m) => accepted(school.decide(state, raise(m, by), T).effects));
      expect({ current, raise: offers[current].raise }).toEqual({ current, raise: raisable });
      expect({ current, clear: offers[current].clear }).toEqual({ current, clear: accepted(school.decide(state, clear(by), T).effects) });
    }
  });
});
