import { describe, expect, it } from "vitest";
import { WatchIndexBuilder } from "../../src/screening/watch-index.js";
import { evaluate } from "../fixtures/screening/evaluate.js";
import { labelledSet } from "../fixtures/screening/labelled-set.js";

describe("screening on the labelled set", () => {
  it("finds every listed person and holds at most 1 in 200 of the others", () => {
    const set = labelledSet();
    const builder = new WatchIndexBuilder(set.entries.length);
    for (const e of set.entries) builder.add(e);
    const scores = evaluate(builder.finish(), set.cases);
    expect(scores.positives).toBeGreaterThan(400);
    expect(scores.negatives).toBeGreaterThan(1000);
    expect(scores.missed).toEqual([]);
    expect(scores.recall).toBe(1);
    expect(scores.falseHolds * 200).toBeLessThanOrEqual(scores.negatives);
  });
});
