import { createHash, randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import type { BusRole } from "../bus/roles.js";

/** How long a console session lives. */
export interface SessionLimits {
  /** Without a request or an open console connection for this long, the session ends. */
  readonly idleMs: number;
  /** This long after login the session ends, however busy. */
  readonly absoluteMs: number;
}

/** A logged-in console user. */
export interface Session {
  readonly username: string;
  readonly role: BusRole;
  readonly createdAt: number;
  lastSeen: number;
  /** The MQTT connections this session opened: closed with it. */
  readonly streams: Set<Duplex>;
}

/** Sessions kept at most: a login flood must not grow memory without end (the oldest goes first). */
const MAX_SESSIONS = 1000;

/**
 * The console's sessions, by an unguessable token (32 random bytes) that only the browser's
 * HttpOnly cookie holds; the store keeps the token's SHA-256, so a memory dump shows no live token.
 * A session ends on logout, when idle (no request and no open connection for `idleMs`) and at its
 * absolute limit; ending it closes its MQTT connections.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly now: () => number,
  ) {}

  /** A new session for a user who just logged in, and the token for its cookie. */
  create(username: string, role: BusRole): { token: string; session: Session } {
    const token = randomBytes(32).toString("base64url");
    const t = this.now();
    const session: Session = { username, role, createdAt: t, lastSeen: t, streams: new Set() };
    this.sessions.set(digest(token), session);
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (oldest.done !== true) this.endKey(oldest.value);
    }
    return { token, session };
  }

  /** The live session of a token (and it counts as used now); undefined when unknown or expired. */
  use(token: string | undefined): Session | undefined {
    if (token === undefined) return undefined;
    const key = digest(token);
    const session = this.sessions.get(key);
    if (session === undefined) return undefined;
    if (this.expired(session)) {
      this.endKey(key);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  /** Count a connection as the session's: it keeps the session from going idle, and closes with it. */
  hold(session: Session, stream: Duplex): void {
    session.streams.add(stream);
    stream.once("close", () => {
      session.streams.delete(stream);
      session.lastSeen = this.now();
    });
  }

  /** End a token's session (logout): its connections are closed. */
  end(token: string | undefined): void {
    if (token !== undefined) this.endKey(digest(token));
  }

  /** End every expired session; returns how many ended. */
  sweep(): number {
    let ended = 0;
    for (const [key, session] of this.sessions) {
      if (!this.expired(session)) continue;
      this.endKey(key);
      ended++;
    }
    return ended;
  }

  /** End every session (the console stops). */
  endAll(): void {
    for (const key of [...this.sessions.keys()]) this.endKey(key);
  }

  /** The users with a live session now (expired ones are not counted, nor ended here). */
  openUsers(): Set<string> {
    return new Set([...this.sessions.values()].filter((s) => !this.expired(s)).map((s) => s.username));
  }

  /** Live sessions (for tests and status). */
  get size(): number {
    return this.sessions.size;
  }

  private expired(s: Session): boolean {
    const t = this.now();
    if (t - s.createdAt >= this.limits.absoluteMs) return true;
    return s.streams.size === 0 && t - s.lastSeen >= this.limits.idleMs;
  }

  private endKey(key: string): void {
    const session = this.sessions.get(key);
    if (session === undefined) return;
    this.sessions.delete(key);
    for (const stream of session.streams) stream.destroy();
    session.streams.clear();
  }
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
