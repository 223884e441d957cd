import { createHash } from "node:crypto";
import { PASS_STYLE } from "../visitors/pass-style.js";

/**
 * The headers every console response carries. The Content Security Policy lets scripts come only
 * from this server plus the one inline import map (by its hash: no 'unsafe-inline'), styles from
 * this server plus the printable visitor pass's sheet (by its hash), images only from this server,
 * connections (the MQTT WebSocket) only to it, and no page frame it (frame-ancestors, and
 * X-Frame-Options for older browsers).
 */
export function securityHeaders(inlineScripts: readonly string[], secure: boolean): Record<string, string> {
  const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
  const hashes = inlineScripts.map(hash);
  const csp = [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(" ")}`.trim(),
    `style-src 'self' ${hash(PASS_STYLE)}`,
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(secure ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}

/** The text of every inline `<script>` of a page (its import map), for the policy's hashes. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
}
