import { describe, expect, it } from "vitest";
import { BUS_ROLES } from "../../src/bus/acl.js";
import { DESK_ROLES, HOLD_ROLES, isPersonalTopic, mayReceive } from "../../src/bus/desk-acl.js";

const P = "gatehouse/site";

describe("who receives the desk's topics", () => {
  it("sends a desk scan only to the desk's roles", () => {
    const receivers = BUS_ROLES.filter((r) => mayReceive(r, `${P}/state/desk/scanner-1`, P));
    expect(receivers).toEqual([...DESK_ROLES]);
    expect(mayReceive(null, `${P}/state/desk/scanner-1`, P)).toBe(false);
    expect(mayReceive(undefined, `${P}/state/desk/scanner-1`, P)).toBe(false);
  });

  it("sends who is on site to the desk's roles, and the holds to the roles that decide them", () => {
    expect(BUS_ROLES.filter((r) => mayReceive(r, `${P}/state/visitors`, P))).toEqual([...DESK_ROLES]);
    expect(BUS_ROLES.filter((r) => mayReceive(r, `${P}/state/visitor_holds`, P))).toEqual(["officer", "admin", "operator"]);
    expect([...HOLD_ROLES]).toEqual(["officer", "admin"]);
    for (const topic of [`${P}/state/visitors`, `${P}/state/visitor_holds`]) expect(mayReceive(null, topic, P)).toBe(false);
  });

  it("keeps the topics that carry visitors' personal data from the district", () => {
    const topics = [`${P}/state/desk/scanner-1`, `${P}/state/visitors`, `${P}/state/visitor_holds`, `${P}/event/visitor`, `${P}/state/alarms`];
    expect(topics.filter((t) => isPersonalTopic(t, P))).toEqual(topics.slice(0, 3));
  });

  it("leaves every other site topic to every role, anonymous included", () => {
    for (const topic of [`${P}/state/door/main`, `${P}/state/desks`, `${P}/event/access`, `${P}/state/device/desk`, `${P}/event/visitor`, `${P}/state/visitors/x`]) {
      expect(mayReceive(null, topic, P)).toBe(true);
      expect(mayReceive("viewer", topic, P)).toBe(true);
    }
  });
});
