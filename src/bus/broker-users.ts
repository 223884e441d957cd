import type { Client } from "aedes";
import { GatewayError } from "../util/errors.js";
import type { Peer } from "./broker-auth.js";
import type { BrokerUser } from "./broker.js";
import { PasswordCheck, storedPassword, type StoredPassword } from "./password-check.js";
import type { BusRole } from "./roles.js";

/** The broker's accounts: users by name, their roles and their password check, all replaced as a whole on a reload. */
export interface UserTable {
  readonly users: Map<string, BrokerUser>;
  /** Each user's role, kept in step with `users` (what the web console's logins read). */
  readonly roles: Map<string, BusRole>;
  readonly passwords: PasswordCheck;
}

/** Users by name and their stored passwords; duplicate names, empty passwords or unusable hashes throw GatewayError("CONFIG_INVALID"). */
function indexed(list: readonly BrokerUser[]): { users: Map<string, BrokerUser>; stored: Map<string, StoredPassword> } {
  const users = new Map<string, BrokerUser>();
  const stored = new Map<string, StoredPassword>();
  for (const user of list) {
    if (users.has(user.username)) throw new GatewayError("CONFIG_INVALID", `mqtt user ${user.username} is defined twice`);
    const password = storedPassword(user);
    if (user.username === "" || password === undefined) {
      throw new GatewayError("CONFIG_INVALID", `mqtt user "${user.username}" needs a name and a password (or a usable $7$/$6$ hash)`);
    }
    users.set(user.username, user);
    stored.set(user.username, password);
  }
  return { users, stored };
}

/** The user table of `list` (see `indexed` for what it refuses). */
export function userTable(list: readonly BrokerUser[]): UserTable {
  const { users, stored } = indexed(list);
  return { users, roles: rolesOf(users), passwords: new PasswordCheck(stored) };
}

function rolesOf(users: ReadonlyMap<string, BrokerUser>): Map<string, BusRole> {
  return new Map([...users].map(([name, user]) => [name, user.role]));
}

/** Whether an account changed in a way that ends its sessions: its role, or its password. */
function changed(before: BrokerUser, after: BrokerUser | undefined): boolean {
  return after === undefined || after.role !== before.role || after.passwordHash !== before.passwordHash || after.password !== before.password;
}

/**
 * Replace the accounts with `list` (validated first: an invalid list throws and changes nothing),
 * and close the connections among `clients` (the authenticated ones) of the users removed or whose
 * role or password changed: they log in again under the new account, or not at all. Returns those
 * users' names.
 */
export function replaceUsers(table: UserTable, list: readonly BrokerUser[], clients: Iterable<Client>, peers: WeakMap<Client, Peer>): string[] {
  const next = indexed(list);
  const ended = [...table.users.values()].filter((u) => changed(u, next.users.get(u.username))).map((u) => u.username);
  table.users.clear();
  for (const [name, user] of next.users) table.users.set(name, user);
  table.roles.clear();
  for (const [name, role] of rolesOf(next.users)) table.roles.set(name, role);
  table.passwords.replace(next.stored, ended);
  const gone = new Set(ended);
  for (const client of [...clients]) {
    const username = peers.get(client)?.username;
    if (username !== null && username !== undefined && gone.has(username)) client.close();
  }
  return ended;
}
