import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { LoginThrottle, type ThrottleLimits } from "../bus/login-throttle.js";
import type { PasswordCheck } from "../bus/password-check.js";
import type { BusRole } from "../bus/roles.js";
import type { Logger } from "../util/log.js";
import { cookieOf, readBody, sameOrigin, sendJson, sessionCookie, sessionCookieName } from "./http.js";
import type { Session, SessionStore } from "./sessions.js";

/** What a login form posts. */
const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** What the login needs. */
export interface LoginDeps {
  readonly sessions: SessionStore;
  /** The broker's password check: the console's users are the broker's. */
  readonly passwords: PasswordCheck;
  /** Each user's role. */
  readonly roles: ReadonlyMap<string, BusRole>;
  /** When failed logins are refused for a while (the broker's own limits). */
  readonly throttle: ThrottleLimits;
  /** HTTPS: the cookie is Secure and `__Host-` prefixed. */
  readonly secure: boolean;
  /** The session cookie's lifetime in the browser (the absolute limit). */
  readonly maxAgeS: number;
  readonly log: Logger;
}

/** The console's login, logout and "who am I", answering JSON. */
export interface LoginRoutes {
  login(req: IncomingMessage, res: ServerResponse): Promise<void>;
  logout(req: IncomingMessage, res: ServerResponse): void;
  /** The live session of a request, if it carries one. */
  sessionOf(req: IncomingMessage): Session | undefined;
}

/**
 * Login per broker user. Failed logins are throttled per address and per username as the broker
 * throttles MQTT logins (a throttled login is answered 429 without hashing); the answer never says
 * whether the name exists. Login and logout accept only a POST from this console's own origin.
 */
export function loginRoutes(deps: LoginDeps): LoginRoutes {
  const { sessions, passwords, roles, secure, log } = deps;
  const cookie = sessionCookieName(secure);
  const byAddress = new LoginThrottle(deps.throttle);
  const byUser = new LoginThrottle(deps.throttle);
  return {
    async login(req, res) {
      if (!sameOrigin(req, secure)) return sendJson(res, 403, { error: "cross-origin request refused" });
      const body = await readBody(req);
      let parsed: z.infer<typeof LoginBody> | undefined;
      try {
        parsed = body === null ? undefined : LoginBody.parse(JSON.parse(body));
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined) return sendJson(res, 400, { error: "send a username and a password" });
      const remote = req.socket.remoteAddress ?? "?";
      const wait = Math.max(byAddress.refusedFor(remote), byUser.refusedFor(parsed.username));
      if (wait > 0 && !passwords.remembered(parsed.username, parsed.password)) {
        log.warn({ remote, username: parsed.username, retryInMs: wait }, "console login refused: too many failed logins");
        return sendJson(res, 429, { error: "too many failed logins, try again later" }, { "Retry-After": String(Math.ceil(wait / 1000)) });
      }
      const role = roles.get(parsed.username);
      const ok = await passwords.verify(parsed.username, parsed.password);
      if (!ok || role === undefined) {
        byAddress.failed(remote);
        byUser.failed(parsed.username);
        log.warn({ remote, username: parsed.username }, "console login failed");
        return sendJson(res, 401, { error: "wrong username or password" });
      }
      byAddress.succeeded(remote);
      byUser.succeeded(parsed.username);
      const { token } = sessions.create(parsed.username, role);
      log.info({ remote, username: parsed.username, role }, "console login");
      sendJson(res, 200, { username: parsed.username, role }, { "Set-Cookie": sessionCookie(cookie, token, deps.maxAgeS, secure) });
    },
    logout(req, res) {
      if (!sameOrigin(req, secure)) return sendJson(res, 403, { error: "cross-origin request refused" });
      const token = cookieOf(req, cookie);
      const session = sessions.use(token);
      sessions.end(token);
      if (session !== undefined) log.info({ username: session.username }, "console logout");
      sendJson(res, 200, { ok: true }, { "Set-Cookie": sessionCookie(cookie, "", 0, secure) });
    },
    sessionOf: (req) => sessions.use(cookieOf(req, cookie)),
  };
}
