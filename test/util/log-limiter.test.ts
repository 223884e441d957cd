import { describe, expect, it } from "vitest";
import { limitedLog } from "../../src/util/log-limiter.js";
import { capturedLog } from "../helpers/log-lines.js";

describe("limitedLog", () => {
  it("writes a key's first entry of each interval and counts the rest into the next", () => {
    let now = 0;
    const { log, lines } = capturedLog();
    const limited = limitedLog(log, 1000, () => now);
    for (let i = 0; i < 500; i++) limited("warn", "flood 10.0.0.9", { remote: "10.0.0.9" }, "mqtt client publishing too fast");
    limited("warn", "flood 10.0.0.7", { remote: "10.0.0.7" }, "mqtt client publishing too fast");
    expect(lines.map((l) => [l["remote"], l["suppressed"]])).toEqual([["10.0.0.9", undefined], ["10.0.0.7", undefined]]);
    now = 1000;
    limited("warn", "flood 10.0.0.9", { remote: "10.0.0.9" }, "mqtt client publishing too fast");
    expect(lines[2]).toMatchObject({ remote: "10.0.0.9", suppressed: 499, level: 40 });
  });

  it("stays bounded when every entry has a key of its own", () => {
    const { log, lines } = capturedLog();
    const limited = limitedLog(log, 60_000, () => 0);
    for (let i = 0; i < 50_000; i++) limited("info", `addr ${i}`, {}, "refused");
    expect(lines).toHaveLength(1001);
  });
});
