import { describe, expect, it } from "vitest";
import { BUS_ROLES } from "../../src/bus/acl.js";
import { mayReceivePeople } from "../../src/bus/people-acl.js";

const P = "gatehouse/site";

describe("who receives the topics that name people", () => {
  it("sends the occupancy lists and the roll call only to officers, the front desk and admins", () => {
    for (const topic of [`${P}/state/occupancy/people`, `${P}/state/muster`]) {
      expect(BUS_ROLES.filter((r) => mayReceivePeople(r, topic, P))).toEqual(["front_desk", "officer", "admin", "operator"]);
      expect(mayReceivePeople(null, topic, P)).toBe(false);
      expect(mayReceivePeople(undefined, topic, P)).toBe(false);
    }
  });

  it("leaves the counts and every other site topic to every role, anonymous included", () => {
    for (const topic of [`${P}/state/occupancy`, `${P}/state/musters`, `${P}/event/muster`, `${P}/state/occupancy/people/x`, `other/state/muster`]) {
      expect(mayReceivePeople(null, topic, P)).toBe(true);
      expect(mayReceivePeople("viewer", topic, P)).toBe(true);
    }
  });
});
