import type { MqttClient } from "mqtt";
import { describe, expect, it } from "vitest";
import type { Broker, BrokerUser } from "../../src/bus/broker.js";
import { encodePasswordHash, hashPassword } from "../../src/bus/password-hash.js";
import { silentLogger } from "../../src/util/log.js";
import { closed, loginAs, startTestBroker } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const cleanups = cleanupsAfterEach();
const hashed = async (password: string): Promise<string> => encodePasswordHash(await hashPassword(password));

const login = (b: Broker, username: string, password: string): Promise<MqttClient> => loginAs(cleanups, b, username, password);

describe("replacing the broker's users", () => {
  it("ends the sessions of users removed or whose role or password changed, and only theirs", async () => {
    const [op, view, admin] = await Promise.all([hashed("op-1"), hashed("view-1"), hashed("admin-1")]);
    const users: BrokerUser[] = [
      { username: "op", role: "operator", passwordHash: op },
      { username: "view", role: "viewer", passwordHash: view },
      { username: "admin", role: "admin", passwordHash: admin },
    ];
    const b = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: "gatehouse/u", users, anonymous: "deny", simEnabled: false, log: silentLogger() });
    const [opClient, viewClient, adminClient] = await Promise.all([login(b, "op", "op-1"), login(b, "view", "view-1"), login(b, "admin", "admin-1")]);
    const op2 = await hashed("op-2");
    const gone = Promise.all([closed(opClient), closed(viewClient)]);
    // op's password changes, view's role; admin stays as it was.
    const ended = b.setUsers([
      { username: "op", role: "operator", passwordHash: op2 },
      { username: "view", role: "operator", passwordHash: view },
      { username: "admin", role: "admin", passwordHash: admin },
    ]);
    expect(ended.sort()).toEqual(["op", "view"]);
    await gone;
    expect(adminClient.connected).toBe(true);
    await expect(login(b, "op", "op-1")).rejects.toThrow();
    expect((await login(b, "op", "op-2")).connected).toBe(true);
    // The accounts other logins read (the web console's) are the same ones, replaced in place.
    expect(b.accounts.roles.get("view")).toBe("operator");
    expect(await b.accounts.passwords.verify("op", "op-1")).toBe(false);
    expect(await b.accounts.passwords.verify("op", "op-2")).toBe(true);
  });

  it("ends a removed user's session and refuses them from then on", async () => {
    const [op, view] = await Promise.all([hashed("op-1"), hashed("view-1")]);
    const users: BrokerUser[] = [
      { username: "op", role: "operator", passwordHash: op },
      { username: "view", role: "viewer", passwordHash: view },
    ];
    const b = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: "gatehouse/u", users, anonymous: "deny", simEnabled: false, log: silentLogger() });
    const [opClient, viewClient] = await Promise.all([login(b, "op", "op-1"), login(b, "view", "view-1")]);
    const gone = closed(viewClient);
    expect(b.setUsers([users[0] as BrokerUser])).toEqual(["view"]);
    await gone;
    expect(opClient.connected).toBe(true);
    await expect(login(b, "view", "view-1")).rejects.toThrow();
  });

  it("refuses an invalid list whole and keeps the users it had", async () => {
    const op = await hashed("op-1");
    const users: BrokerUser[] = [{ username: "op", role: "operator", passwordHash: op }];
    const b = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: "gatehouse/u", users, anonymous: "deny", simEnabled: false, log: silentLogger() });
    const opClient = await login(b, "op", "op-1");
    expect(() => b.setUsers([{ username: "op", role: "admin", passwordHash: op }, { username: "op", role: "viewer", passwordHash: op }])).toThrow(/defined twice/);
    expect(() => b.setUsers([{ username: "op", role: "admin", passwordHash: "$7$broken" }])).toThrow(/usable/);
    expect(opClient.connected).toBe(true);
    expect((await login(b, "op", "op-1")).connected).toBe(true);
  });
});
