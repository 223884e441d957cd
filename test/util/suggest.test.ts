import { describe, expect, it } from "vitest";
import { closest, closestKey, didYouMeanKey } from "../../src/util/suggest.js";

const DOOR_KEYS = ["id", "name", "mode", "strike_ms", "held_open_ms", "held_open_warning_ms", "extended_strike_ms", "readers"];

describe("closest, for ids", () => {
  it.each([
    ["dc-frnt", ["dc-front", "rdr-front"], "dc-front"],
    ["stuent", ["student", "staff"], "student"],
    ["door-a", ["door-b", "door-z"], undefined],
    ["door-b", ["door-a"], undefined],
    ["door-ab", ["door-a"], undefined],
    ["dc-front", ["rdr-front"], undefined],
  ] as const)("%s among %j gives %s", (word, ids, expected) => {
    expect(closest(word, ids)).toBe(expected);
  });
});

describe("closestKey", () => {
  it.each([
    ["held_open_msec", "held_open_ms"],
    ["strike_msec", "strike_ms"],
    ["held_open", "held_open_ms"],
    ["strike", "strike_ms"],
    ["readers_list", "readers"],
    ["nmae", "name"],
    ["strike_mss", "strike_ms"],
  ])("regression: %s gave no suggestion, or still gives %s", (word, expected) => {
    expect(closestKey(word, DOOR_KEYS)).toBe(expected);
  });

  it.each([["colour"], ["held_ms"], ["ids"], ["rea"]])("%s: no key (a stem is at least four letters)", (word) => {
    expect(closestKey(word, DOOR_KEYS)).toBeUndefined();
  });

  it("offers no key when two extend the word as far", () => {
    expect(closestKey("extended", ["extended_a_ms", "extended_b_ms"])).toBeUndefined();
  });

  it("reads as a did you mean", () => {
    expect(didYouMeanKey("held_open_msec", DOOR_KEYS)).toBe(' (did you mean "held_open_ms"?)');
    expect(didYouMeanKey("colour", DOOR_KEYS)).toBe("");
  });
});
