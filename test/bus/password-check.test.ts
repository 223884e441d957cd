import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { PasswordCheck } from "../../src/bus/password-check.js";
import { hashPassword } from "../../src/bus/password-hash.js";

/** Enough PBKDF2 iterations for a check to take a noticeable time (~0.1-0.5 s). */
const SLOW = 200_000;

describe("PasswordCheck", () => {
  it("hashes off the event loop, then answers the same password from memory", async () => {
    const check = new PasswordCheck(new Map([["op", { hash: await hashPassword("op-pw", SLOW) }]]));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const start = performance.now();
    const first = check.verify("op", "op-pw");
    expect(check.remembered("op", "op-pw")).toBe(false);
    expect(await first).toBe(true);
    const slow = performance.now() - start;
    clearInterval(timer);
    // The loop kept turning while PBKDF2 ran on the thread pool.
    expect(ticks).toBeGreaterThan(2);
    expect(check.remembered("op", "op-pw")).toBe(true);
    const again = performance.now();
    for (let i = 0; i < 100; i++) expect(await check.verify("op", Buffer.from("op-pw"))).toBe(true);
    expect(performance.now() - again).toBeLessThan(slow);
  });

  it("refuses a wrong password, a missing one and an unknown user, and remembers none of them", async () => {
    const check = new PasswordCheck(new Map([["op", { hash: await hashPassword("op-pw") }], ["demo", { plain: "demo-pw" }]]));
    expect(await check.verify("op", "op-px")).toBe(false);
    expect(await check.verify("op", undefined)).toBe(false);
    expect(await check.verify("nobody", "op-pw")).toBe(false);
    expect(await check.verify("demo", "demo-pw")).toBe(true);
    expect(await check.verify("demo", "op-pw")).toBe(false);
    expect(check.remembered("op", "op-px")).toBe(false);
    expect(check.remembered("nobody", "op-pw")).toBe(false);
  });
});
