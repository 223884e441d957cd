import { describe, expect, it } from "vitest";
import { alarmStateWords } from "../../web/parts/alarm-state.js";

describe("an alarm's state in the console's words", () => {
  it.each([
    [{ state: "active_unacked", active: true }, "active, unacked"],
    [{ state: "active_acked", active: true }, "active, acked"],
    [{ state: "returned_unacked", active: false }, "returned, unacked"],
    // A latched alarm whose condition ended (a lockdown cleared, nobody answered yet) is not "active".
    [{ state: "active_unacked", active: false }, "ended, unacked"],
  ])("%o reads %s", (a, words) => {
    expect(alarmStateWords(a)).toBe(words);
  });
});
