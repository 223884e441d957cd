import { describe, expect, it } from "vitest";
import { mayLeaveWill, mayPublish, type AclContext } from "../../src/bus/acl.js";
import { BUS_ROLES, canonicalRole, mayRequest, readsFullCredentials, type BusRole } from "../../src/bus/roles.js";

const P = "gatehouse/site";
const ctx: AclContext = { prefix: P, simEnabled: true };
const ROLES: readonly (BusRole | null)[] = [null, ...BUS_ROLES];

describe("roles", () => {
  it("operator is officer under its current name; every other role is itself", () => {
    expect(canonicalRole("operator")).toBe("officer");
    for (const role of BUS_ROLES.filter((r) => r !== "operator")) expect(canonicalRole(role)).toBe(role);
  });

  /** A row: request name, then the roles that may send it. */
  const REQUESTS: readonly [string, readonly (BusRole | null)[]][] = [
    ["state", ["front_desk", "officer", "operator", "admin", "audit"]],
    ["events", ["admin", "audit"]],
    ["mode", ["officer", "operator", "admin"]],
    ["door", ["officer", "operator", "admin"]],
    ["credentials", ["admin"]],
    ["visitor", ["front_desk", "officer", "operator", "admin"]],
    ["pass", ["front_desk", "admin"]],
    ["alarm", ["officer", "operator", "admin"]],
    ["incident", ["officer", "operator", "admin", "audit"]],
    ["report", ["officer", "operator", "admin", "audit"]],
    ["muster", ["officer", "operator", "admin"]],
    ["anything_else", ["admin"]],
  ];
  for (const [name, allowed] of REQUESTS) {
    it(`request ${name}: ${allowed.join(", ")}`, () => {
      for (const role of ROLES) expect([role, mayRequest(role, name)]).toEqual([role, allowed.includes(role)]);
    });
  }

  it("request topics are writable by the roles with a request right, sim topics by sim and admin", () => {
    const writers = (topic: string) => ROLES.filter((role) => mayPublish(role, topic, ctx));
    expect(writers(`${P}/request/state`)).toEqual(["front_desk", "officer", "admin", "audit", "operator"]);
    expect(writers(`${P}/sim/reader_1`)).toEqual(["admin", "sim"]);
  });

  it("only admin and audit read full credentials", () => {
    expect(ROLES.filter(readsFullCredentials)).toEqual(["admin", "audit"]);
  });

  it("no role may leave a will on a command topic, nor where it may not publish", () => {
    for (const topic of [`${P}/request/mode`, `${P}/sim/panic_1`, `${P}/event/access`, `${P}/status`, "other/x"]) {
      for (const role of ROLES) expect([role, topic, mayLeaveWill(role, topic, ctx)]).toEqual([role, topic, false]);
    }
  });
});
