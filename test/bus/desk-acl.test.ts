import { describe, expect, it } from "vitest";
import { BUS_ROLES } from "../../src/bus/acl.js";
import { DESK_ROLES, mayReceive } from "../../src/bus/desk-acl.js";

const P = "gatehouse/site";

describe("who receives the desk's topics", () => {
  it("sends a desk scan only to the desk's roles", () => {
    const receivers = BUS_ROLES.filter((r) => mayReceive(r, `${P}/state/desk/scanner-1`, P));
    expect(receivers).toEqual([...DESK_ROLES]);
    expect(mayReceive(null, `${P}/state/desk/scanner-1`, P)).toBe(false);
    expect(mayReceive(undefined, `${P}/state/desk/scanner-1`, P)).toBe(false);
  });

  it("leaves every other site topic to every role, anonymous included", () => {
    for (const topic of [`${P}/state/door/main`, `${P}/state/desks`, `${P}/event/access`, `${P}/state/device/desk`]) {
      expect(mayReceive(null, topic, P)).toBe(true);
      expect(mayReceive("viewer", topic, P)).toBe(true);
    }
  });
});
