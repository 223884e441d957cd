import { describe, expect, it } from "vitest";
import { SessionStore } from "../../src/console/sessions.js";
import { usersAnswer } from "../../src/console/users.js";

describe("who has a console session open", () => {
  it("counts live sessions only: an idle, an expired or a logged-out one is not open", () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 1000, absoluteMs: 5000 }, () => now);
    const officer = store.create("officer", "officer");
    store.create("desk", "front_desk");
    const roles = new Map([["officer", "officer"], ["desk", "front_desk"], ["monitor", "monitor"]] as const);
    const online = () => Object.fromEntries(usersAnswer(roles, store).users.map((u) => [u.username, u.online]));
    expect(online()).toEqual({ desk: true, monitor: false, officer: true });
    now = 600;
    store.use(officer.token);
    now = 1200;
    expect(online()).toEqual({ desk: false, monitor: false, officer: true });
    store.end(officer.token);
    expect(online()).toEqual({ desk: false, monitor: false, officer: false });
  });

  it("gives each role's rights and reads, and nothing of a password", () => {
    const store = new SessionStore({ idleMs: 1000, absoluteMs: 5000 }, () => 0);
    const { users } = usersAnswer(new Map([["a", "admin"], ["m", "monitor"], ["o", "operator"]] as const), store);
    expect(users.map((u) => [u.username, u.requests.includes("*"), u.reads.length])).toEqual([["a", true, 5], ["m", false, 2], ["o", false, 4]]);
    expect(users.every((u) => Object.keys(u).every((k) => !/pass|hash/i.test(k)))).toBe(true);
  });
});
