import { describe, expect, it } from "vitest";
import { LoginThrottle } from "../../src/bus/login-throttle.js";

describe("LoginThrottle", () => {
  it("lets `failures` failures through, then refuses for a time that doubles up to the cap", () => {
    let now = 0;
    const throttle = new LoginThrottle({ failures: 3, blockMs: 1000, maxBlockMs: 4000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.refusedFor("a")).toBe(0);
      throttle.failed("a");
    }
    expect(throttle.refusedFor("a")).toBe(0);
    throttle.failed("a"); // 4th: 1 s
    expect(throttle.refusedFor("a")).toBe(1000);
    expect(throttle.refusedFor("b")).toBe(0);
    now += 1000;
    throttle.failed("a"); // 5th: 2 s
    expect(throttle.refusedFor("a")).toBe(2000);
    now += 2000;
    throttle.failed("a"); // 6th: 4 s
    now += 4000;
    throttle.failed("a"); // 7th: capped at 4 s
    expect(throttle.refusedFor("a")).toBe(4000);
  });

  it("forgets a key after a success, or after a quiet period as long as the longest refusal once refused no more", () => {
    let now = 0;
    const throttle = new LoginThrottle({ failures: 1, blockMs: 1000, maxBlockMs: 5000 }, () => now);
    throttle.failed("a");
    throttle.failed("a");
    expect(throttle.refusedFor("a")).toBe(1000);
    throttle.succeeded("a");
    expect(throttle.refusedFor("a")).toBe(0);
    throttle.failed("b");
    throttle.failed("b"); // refused until 1000
    now += 5999;
    expect(throttle.refusedFor("b")).toBe(0);
    throttle.failed("b");
    expect(throttle.refusedFor("b")).toBe(2000); // still counted: not quiet long enough
    now += 2000 + 5000;
    expect(throttle.refusedFor("b")).toBe(0);
    expect(throttle.size).toBe(0);
    throttle.failed("b");
    expect(throttle.refusedFor("b")).toBe(0); // counting starts afresh
  });

  it("remembers a bounded number of keys, whatever the flood of names", () => {
    const throttle = new LoginThrottle({ failures: 5, blockMs: 1000, maxBlockMs: 60_000 }, () => 0);
    for (let i = 0; i < 30_000; i++) throttle.failed(`user-${i}`);
    expect(throttle.size).toBe(10_000);
  });
});
