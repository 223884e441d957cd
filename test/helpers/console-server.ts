import { WebSocket } from "ws";
import { startBroker, type Broker } from "../../src/bus/broker.js";
import { PasswordCheck, storedPassword, type StoredPassword } from "../../src/bus/password-check.js";
import type { BusRole } from "../../src/bus/roles.js";
import type { ConsoleModel } from "../../src/config/schema-console.js";
import { startConsole, type ConsoleServer } from "../../src/console/server.js";
import { silentLogger } from "../../src/util/log.js";
import { MqttClient } from "../../web/mqtt.js";
import type { Cleanups } from "./cleanups.js";
import { ManualTimers } from "./manual-timers.js";
import { ROLE_USERS } from "./role-users.js";

export const PREFIX = "gatehouse/test-site";

/** A console over a broker with one user per role (ROLE_USERS), on manual time; both closed after the test. */
export async function consoleOverBroker(
  cleanups: Cleanups,
  config: Partial<ConsoleModel> = {},
  failures = 5,
  doors: readonly { id: string; name: string }[] = [],
): Promise<{ broker: Broker; server: ConsoleServer; timers: ManualTimers; origin: string }> {
  const log = silentLogger();
  const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users: ROLE_USERS, anonymous: "deny", simEnabled: false, log });
  cleanups.push(() => broker.close());
  const stored = new Map<string, StoredPassword>();
  const roles = new Map<string, BusRole>();
  for (const u of ROLE_USERS) {
    stored.set(u.username, storedPassword(u) as StoredPassword);
    roles.set(u.username, u.role);
  }
  const timers = new ManualTimers();
  const server = await startConsole({
    config: { host: "127.0.0.1", port: 0, tls: null, idleMs: 60_000, absoluteMs: 3_600_000, floorPlan: null, ...config },
    passwords: new PasswordCheck(stored),
    roles,
    throttle: { failures, blockMs: 60_000, maxBlockMs: 60_000 },
    layout: { site: { id: "test-site", name: "Test", prefix: PREFIX }, doors, destinations: [], plan: null, modeOffers: {} },
    attach: (stream, req, user) => broker.attach(stream, req, user),
    timers,
    log,
  });
  cleanups.push(() => server.close());
  return { broker, server, timers, origin: server.url.replace(/\/$/, "") };
}

/** POST a login; the answer and the session cookie it set (name=value), if any. */
export async function postLogin(url: string, origin: string | null, username: string, password: string, init: RequestInit = {}): Promise<{ status: number; cookie: string | null; setCookie: string | null }> {
  const res = await fetch(`${url}api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(origin === null ? {} : { Origin: origin }) },
    body: JSON.stringify({ username, password }),
    ...init,
  });
  const setCookie = res.headers.get("set-cookie");
  return { status: res.status, setCookie, cookie: setCookie === null ? null : (setCookie.split(";")[0] ?? null) };
}

/** The page's MQTT client as a browser of `origin` holding `cookie` would connect through the console. */
export function pageClient(cleanups: Cleanups, server: ConsoleServer, origin: string, cookie: string, username?: string): MqttClient {
  class BrowserWebSocket extends WebSocket {
    constructor(url: string, protocol: string) {
      super(url, protocol, { headers: { Cookie: cookie, Origin: origin } });
    }
  }
  const client = new MqttClient({ url: `${server.url.replace(/^http/, "ws")}mqtt`, clientId: `page-${Math.random()}`, WebSocket: BrowserWebSocket, minDelayMs: 20, maxDelayMs: 100, ...(username === undefined ? {} : { username }) });
  cleanups.push(() => client.close());
  return client;
}
