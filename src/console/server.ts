import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { ThrottleLimits } from "../bus/login-throttle.js";
import type { PasswordCheck } from "../bus/password-check.js";
import type { BusRole } from "../bus/roles.js";
import type { ConsoleModel } from "../config/schema-console.js";
import { REPORT_STYLE } from "../reports/render-html.js";
import { PASS_STYLE } from "../visitors/pass-style.js";
import { GatewayError } from "../util/errors.js";
import type { Logger } from "../util/log.js";
import type { TimerApi } from "../time/timers.js";
import { loadAssets, sendAsset, type Asset } from "./assets.js";
import { mqttBridge, type Attach } from "./bridge.js";
import { inlineScripts, securityHeaders } from "./headers.js";
import { sameOrigin, sendJson } from "./http.js";
import { loginRoutes } from "./login.js";
import { SessionStore } from "./sessions.js";
import { siteInfo, type SiteLayout } from "./site-info.js";
import { sendUsers } from "./users.js";

/** What the console is served from. */
export interface ConsoleDeps {
  readonly config: ConsoleModel;
  readonly passwords: PasswordCheck;
  readonly roles: ReadonlyMap<string, BusRole>;
  readonly throttle: ThrottleLimits;
  /** The site's part of what `/api/site` answers, and each role's mode offers. */
  readonly layout: SiteLayout;
  /** Hands a page's MQTT connection to the broker as the session's user. */
  readonly attach: Attach;
  readonly timers: TimerApi;
  readonly log: Logger;
}

/** The running console. */
export interface ConsoleServer {
  /** Where to open it, e.g. `https://192.0.2.10:8443/`. */
  readonly url: string;
  readonly port: number;
  readonly sessions: SessionStore;
  close(): Promise<void>;
}

/** How often expired sessions are looked for (their connections closed): a minute is within any idle limit. */
const SWEEP_MS = 60_000;
/** A request or upgrade that has not arrived whole within this is dropped (Node waits a minute by default). */
const REQUEST_TIMEOUT_MS = 10_000;

/** Start the console's HTTP(S) server. Throws GatewayError("CONSOLE_LISTEN") when it cannot bind. */
export async function startConsole(deps: ConsoleDeps): Promise<ConsoleServer> {
  const { config, timers } = deps;
  const log = deps.log.child({ mod: "console" });
  const secure = config.tls !== null;
  const sessions = new SessionStore({ idleMs: config.idleMs, absoluteMs: config.absoluteMs }, () => timers.now());
  const auth = loginRoutes({ ...deps, sessions, secure, maxAgeS: Math.floor(config.absoluteMs / 1000), log });
  const assets = loadAssets(config.floorPlan?.svg ?? null);
  const index = assets.get("/index.html");
  if (index === undefined) throw new GatewayError("CONSOLE_ASSETS", "the console's web/index.html is missing");
  const headers = securityHeaders(inlineScripts(index.body.toString("utf8")), secure, [REPORT_STYLE, PASS_STYLE]);
  const handle = router(assets, index, headers, auth, deps.layout, (req, res) => sendUsers(res, auth.sessionOf(req), deps.roles, sessions));
  const options = { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS };
  const server: Server = secure && config.tls !== null ? createHttpsServer({ ...options, cert: config.tls.cert, key: config.tls.key }, handle) : createHttpServer(options, handle);
  server.on("upgrade", await mqttBridge(auth.sessionOf, sessions, deps.attach, (req) => sameOrigin(req, secure), log));
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  try {
    server.listen(config.port, config.host);
    await once(server, "listening");
  } catch (err) {
    throw new GatewayError("CONSOLE_LISTEN", `console cannot listen on ${config.host}:${config.port}: set console.port`, { cause: err });
  }
  server.on("error", (err) => log.error({ err }, "console server error"));
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `${secure ? "https" : "http"}://${host}:${port}/`;
  let sweep: unknown;
  const schedule = (): void => {
    sweep = timers.setTimeout(() => {
      sessions.sweep();
      schedule();
    }, SWEEP_MS);
  };
  schedule();
  log.info({ url }, "console listening");
  return {
    url,
    port,
    sessions,
    close: async () => {
      timers.clearTimeout(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sessions.endAll();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

type Auth = ReturnType<typeof loginRoutes>;

/** The console's routes: its pages and files, login and logout, who is logged in, and the users (for an admin). */
function router(assets: ReadonlyMap<string, Asset>, index: Asset, headers: Record<string, string>, auth: Auth, layout: SiteLayout, users: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "POST" && path === "/api/login") return void auth.login(req, res).catch(() => sendJson(res, 500, { error: "login failed" }));
    if (req.method === "POST" && path === "/api/logout") return auth.logout(req, res);
    if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, { error: "method not allowed" });
    if (path === "/api/site") {
      const session = auth.sessionOf(req);
      // Not logged in is an answer, not a failure: the page shows the login form.
      return sendJson(res, 200, session === undefined ? { user: null } : siteInfo(layout, session));
    }
    if (path === "/api/users") return users(req, res);
    // The floor plan shows where the doors are: for logged-in users only.
    if (path === "/plan.svg" && auth.sessionOf(req) === undefined) return sendJson(res, 401, { error: "log in" });
    const a = path === "/" ? index : assets.get(path);
    if (a === undefined) return sendJson(res, 404, { error: "not found" });
    sendAsset(req, res, a, {});
  };
}
