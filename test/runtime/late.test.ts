import { describe, expect, it } from "vitest";
import { Late, started } from "../../src/runtime/components/late.js";

describe("a part built or started later", () => {
  it("names the part read before it was built, and refuses a second one", () => {
    const late = new Late<{ n: number }>("engine");
    expect(late.peek()).toBeUndefined();
    expect(() => late.get()).toThrow('gateway part "engine" used before it was built');
    const part = { n: 1 };
    late.set(part);
    expect(late.get()).toBe(part);
    expect(late.peek()).toBe(part);
    expect(() => late.set({ n: 2 })).toThrow('gateway part "engine" built twice');
  });

  it("names what a part makes when it is read before the part started; null is a value", () => {
    expect(() => started(undefined, "broker")).toThrow('gateway part "broker" used before it was started');
    expect(started(null, "store moved to")).toBeNull();
    expect(started(0, "port")).toBe(0);
  });
});
