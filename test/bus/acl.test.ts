import { describe, expect, it } from "vitest";
import { isSiteTopic, mayPublish, maySubscribe, topicMatches, type AclContext, type BusRole } from "../../src/bus/acl.js";

const P = "gatehouse/site";
const on: AclContext = { prefix: P, simEnabled: true };
const off: AclContext = { prefix: P, simEnabled: false };

type Who = BusRole | null;
const ROLES: readonly Who[] = [null, "viewer", "operator", "sim", "admin"];

/** A row: topic, then the roles allowed to publish there (with sim topics enabled / disabled). */
const PUBLISH_TABLE: readonly [topic: string, allowedOn: readonly Who[], allowedOff: readonly Who[]][] = [
  [`${P}/request/open_door`, ["operator", "admin"], ["operator", "admin"]],
  [`${P}/request/set-mode`, ["operator", "admin"], ["operator", "admin"]],
  [`${P}/sim/reader_1`, ["sim", "admin"], []],
  // gateway-only topics: spoofing an event, a door state, a status or a response is an attack
  [`${P}/status`, [], []],
  [`${P}/event/access`, [], []],
  [`${P}/state/door/front`, [], []],
  [`${P}/response/open_door`, [], []],
  [P, [], []],
  [`${P}/request`, [], []],
  [`${P}/sim`, [], []],
  // more or fewer levels than the pattern
  [`${P}/request/open_door/extra`, [], []],
  [`${P}/sim/reader_1/extra`, [], []],
  // path-like and empty levels
  [`${P}/request/../event`, [], []],
  [`${P}/request/..`, [], []],
  [`${P}/request/.`, [], []],
  [`${P}/request/`, [], []],
  [`${P}//request/x`, [], []],
  [`${P}/request//x`, [], []],
  [`/${P}/request/x`, [], []],
  // wildcards in a publish topic (the broker refuses these too; the ACL must not rely on it)
  [`${P}/request/+`, [], []],
  [`${P}/request/#`, [], []],
  [`${P}/sim/+`, [], []],
  [`${P}/request/a+b`, [], []],
  [`${P}/request/a\u0000b`, [], []],
  // outside the prefix
  ["gatehouse/other/request/open_door", [], []],
  ["gatehouse/site2/request/open_door", [], []],
  ["gatehouse/sit/request/open_door", [], []],
  ["GATEHOUSE/site/request/open_door", [], []],
  ["other/topic", [], []],
  ["$SYS/broker/heartbeat", [], []],
  ["", [], []],
];

describe("mayPublish", () => {
  for (const [topic, allowedOn, allowedOff] of PUBLISH_TABLE) {
    for (const role of ROLES) {
      const expectOn = allowedOn.includes(role);
      const expectOff = allowedOff.includes(role);
      it(`${role ?? "anonymous"} → ${JSON.stringify(topic)}: ${expectOn}/${expectOff}`, () => {
        expect(mayPublish(role, topic, on)).toBe(expectOn);
        expect(mayPublish(role, topic, off)).toBe(expectOff);
      });
    }
  }
});

/** A row: subscription filter and whether any role (anonymous included) may use it. */
const SUBSCRIBE_TABLE: readonly [filter: string, allowed: boolean][] = [
  [`${P}/#`, true],
  [`${P}/status`, true],
  [`${P}/event/+`, true],
  [`${P}/state/door/front`, true],
  [`${P}/response/+`, true],
  [`${P}/+/+`, true],
  ["gatehouse/#", true],
  ["gatehouse/+/status", true],
  ["+/site/#", true],
  ["+/+/+", true],
  ["#", true],
  ["+/#", true],
  // cannot match anything strictly under the prefix
  [P, false],
  ["gatehouse/+", false],
  ["+/+", false],
  ["+", false],
  ["gatehouse", false],
  ["gatehouse/other/#", false],
  ["gatehouse/site2/#", false],
  ["other/#", false],
  // $ topics: aedes' $SYS tree names connected clients
  ["$SYS/#", false],
  ["$SYS/+/new/clients", false],
  ["$share/group/gatehouse/site/#", false],
  // invalid filters (MQTT 3.1.1 §4.7.1) and empty levels
  [`${P}/#/status`, false],
  [`${P}/event#`, false],
  [`${P}/ev+nt`, false],
  [`${P}//#`, false],
  [`${P}/`, false],
  ["/#", false],
  ["", false],
  [`${P}/a\u0000/#`, false],
];

describe("maySubscribe", () => {
  for (const [filter, allowed] of SUBSCRIBE_TABLE) {
    for (const role of ROLES) {
      it(`${role ?? "anonymous"} subscribes ${JSON.stringify(filter)}: ${allowed}`, () => {
        expect(maySubscribe(role, filter, on)).toBe(allowed);
        expect(maySubscribe(role, filter, off)).toBe(allowed);
      });
    }
  }
});

describe("isSiteTopic", () => {
  const rows: readonly [string, boolean][] = [
    [`${P}/status`, true],
    [`${P}/state/door/front`, true],
    [P, false],
    [`${P}/`, false],
    [`${P}/event/+`, false],
    [`${P}/#`, false],
    ["gatehouse/other/status", false],
    ["$SYS/x/heartbeat", false],
  ];
  for (const [topic, expected] of rows) {
    it(`${JSON.stringify(topic)} → ${expected}`, () => {
      expect(isSiteTopic(topic, P)).toBe(expected);
    });
  }
});

describe("topicMatches", () => {
  const rows: readonly [filter: string, topic: string, expected: boolean][] = [
    ["a/b", "a/b", true],
    ["a/b", "a/c", false],
    ["a/+", "a/b", true],
    ["a/+", "a/b/c", false],
    ["a/+", "a", false],
    ["a/#", "a", true],
    ["a/#", "a/b/c", true],
    ["#", "a/b", true],
    ["+/b", "a/b", true],
    ["a/b", "a/b/c", false],
    ["a/b/c", "a/b", false],
    ["a/+/c", "a//c", true],
    // MQTT 3.1.1 §4.7.2: first-level wildcards do not match $ topics
    ["#", "$SYS/x", false],
    ["+/x", "$SYS/x", false],
    ["$SYS/#", "$SYS/x", true],
  ];
  for (const [filter, topic, expected] of rows) {
    it(`${filter} vs ${topic} → ${expected}`, () => {
      expect(topicMatches(filter, topic)).toBe(expected);
    });
  }
});
