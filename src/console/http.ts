import type { IncomingMessage, ServerResponse } from "node:http";

/** Name of the session cookie; the `__Host-` prefix (HTTPS only) pins it to this host and path `/`. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-gatehouse" : "gatehouse";
}

/** The value of one cookie of a request, if it sent it. */
export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Set-Cookie header of the session: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Secure over HTTPS; `maxAgeS` 0 deletes it.
 */
export function sessionCookie(name: string, token: string, maxAgeS: number, secure: boolean): string {
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? "; Secure" : ""}`;
}

/**
 * Whether a state-changing request comes from a page of this console: its Origin header is this
 * server's own origin. Browsers send Origin on every POST, so a missing one is refused too.
 */
export function sameOrigin(req: IncomingMessage, secure: boolean): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  return origin !== undefined && host !== undefined && origin === `${secure ? "https" : "http"}://${host}`;
}

/** Largest request body read: a login is a name and a password. */
const MAX_BODY_BYTES = 4096;

/** A request's body as text; null when it is larger than a login could be. */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Answer with JSON, never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
