import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { readSecretFile } from "../bus/passwords.js";
import type { Locator, Problem } from "../source/problems.js";
import { compileDistrictCommands, DistrictCommandFields, type DistrictCommandPolicy } from "./schema-district-keys.js";

/**
 * The `uplink` section: how the gateway reaches the district MQTT broker. Secrets (password, TLS key)
 * are never written in YAML; the section names files, read once when the configuration is loaded.
 */

const Tls = z.strictObject({
  /** PEM file of the CA(s) that signed the district broker's certificate; default: the system CAs. */
  ca_file: z.string().min(1).optional(),
  /** PEM client certificate for mutual TLS (needs key_file). */
  cert_file: z.string().min(1).optional(),
  /** PEM private key of the client certificate (needs cert_file). Keep it root-only. */
  key_file: z.string().min(1).optional(),
});

const Reconnect = z.strictObject({
  /** First retry delay in ms; doubles on every failed attempt. 1 s rides out a broker failover. */
  min_ms: z.number().int().min(10).max(600_000).default(1000),
  /**
   * Cap of the retry delay in ms. Each delay is jittered between half of it and all of it. 60 s keeps
   * a district's few hundred gateways at a few connects per second once the broker is back.
   */
  max_ms: z.number().int().min(10).max(3_600_000).default(60_000),
});

const Backlog = z.strictObject({
  /**
   * Most undelivered events kept for the district. Beyond it the oldest routine events are skipped
   * (they stay in the local audit log); mode, panic, alarm and screening-alarm events never are.
   * 500,000 is about three months of a busy school at the 100k–170k offline buffers of commercial
   * controllers, and drains in under a minute.
   */
  max_events: z.number().int().min(100).max(50_000_000).default(500_000),
});

/** The `uplink` section of a site configuration (optional: without it the gateway works alone). */
export const UplinkSchema = z
  .strictObject({
    /** `mqtt://host[:port]` or `mqtts://host[:port]`. */
    url: z.url({ protocol: /^mqtts?$/, error: "must be an mqtt:// or mqtts:// URL" }),
    /** 4 = MQTT 3.1.1, 5 = MQTT 5. */
    protocol_version: z.union([z.literal(4), z.literal(5)]).default(4),
    /** Account on the district broker; with password_file. */
    username: z.string().min(1).max(256).optional(),
    /** File holding the password (first line), relative to the config directory. */
    password_file: z.string().min(1).optional(),
    tls: Tls.optional(),
    /** MQTT keep-alive in seconds: a dead link is noticed within 1.5× this; 30 s costs a ping a minute at most. */
    keepalive_s: z.number().int().min(5).max(3600).default(30),
    /**
     * MQTT 5 session expiry in seconds (3.1.1 sessions persist until the broker drops them). A week
     * outlasts a long weekend with the building powered down.
     */
    session_expiry_s: z.number().int().min(0).max(4_294_967_295).default(604_800),
    reconnect: Reconnect.default({ min_ms: 1000, max_ms: 60_000 }),
    /**
     * Events published and not yet acknowledged at any time. 100 keeps a 100k backlog draining in
     * seconds on loopback without queueing megabytes in the client; MQTT 5 brokers may lower it.
     */
    window: z.number().int().min(1).max(10_000).default(100),
    backlog: Backlog.default({ max_events: 500_000 }),
    ...DistrictCommandFields,
  })
  .superRefine((v, ctx) => {
    if (v.password_file !== undefined && v.username === undefined) {
      ctx.addIssue({ code: "custom", path: ["username"], message: "password_file needs a username" });
    }
    if ((v.tls?.cert_file === undefined) !== (v.tls?.key_file === undefined)) {
      ctx.addIssue({ code: "custom", path: ["tls"], message: "cert_file and key_file go together" });
    }
    if (v.tls !== undefined && !v.url.startsWith("mqtts:")) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "tls needs an mqtts:// URL" });
    }
    if (v.reconnect.min_ms > v.reconnect.max_ms) {
      ctx.addIssue({ code: "custom", path: ["reconnect"], message: "min_ms must not exceed max_ms" });
    }
  });

/** The `uplink` section after validation and defaults. */
export type UplinkConfig = z.infer<typeof UplinkSchema>;

/** The compiled uplink: secrets read, paths resolved, camelCase. Immutable. */
export interface UplinkModel {
  /** Broker URL, without credentials. */
  readonly url: string;
  /** 4 = MQTT 3.1.1, 5 = MQTT 5. */
  readonly protocolVersion: 4 | 5;
  /** `gatehouse-<site_id>`: stable, so the broker keeps the persistent session across reconnects. */
  readonly clientId: string;
  /** Account on the district broker, null without one. */
  readonly username: string | null;
  /** Read from `password_file`. */
  readonly password: string | null;
  /** PEM contents, read from the files. */
  readonly tls: { readonly ca: string | null; readonly cert: string | null; readonly key: string | null } | null;
  /** MQTT keep-alive, seconds. */
  readonly keepaliveS: number;
  /** MQTT 5 session expiry, seconds. */
  readonly sessionExpiryS: number;
  /** Backoff bounds of reconnects, ms. */
  readonly reconnect: { readonly minMs: number; readonly maxMs: number };
  /** Events in flight at most. */
  readonly window: number;
  /** Backlog quota in events (`backlog.max_events`). */
  readonly maxBacklogEvents: number;
  /** Who at the district may command the gateway, and how (see schema-district-keys.ts). */
  readonly commands: DistrictCommandPolicy;
}

/** The client id a site uses on the district broker. */
export function uplinkClientId(siteId: string): string {
  return `gatehouse-${siteId}`;
}

/** Read a PEM file whole (certificates span many lines, unlike a password). */
export function readPem(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Compile a validated `uplink` section: read the password and PEM files (relative to `configDir`),
 * each unreadable file becoming a problem located at its field. `model` is null when there were
 * problems or no section.
 */
export function compileUplink(
  config: UplinkConfig | undefined,
  siteId: string,
  configDir: string,
  locate: Locator,
): { model: UplinkModel | null; problems: Problem[]; warnings: Problem[] } {
  if (config === undefined) return { model: null, problems: [], warnings: [] };
  const problems: Problem[] = [];
  const absolute = (file: string): string => (isAbsolute(file) ? file : resolve(configDir, file));
  const read = (file: string | undefined, field: readonly string[], reader: (p: string) => string): string | null => {
    if (file === undefined) return null;
    try {
      return reader(absolute(file));
    } catch (err) {
      problems.push({ ...locate(["uplink", ...field]), path: ["uplink", ...field].join("."), message: (err as Error).message });
      return null;
    }
  };
  const password = read(config.password_file, ["password_file"], readSecretFile);
  const tls = config.tls === undefined ? null : {
    ca: read(config.tls.ca_file, ["tls", "ca_file"], readPem),
    cert: read(config.tls.cert_file, ["tls", "cert_file"], readPem),
    key: read(config.tls.key_file, ["tls", "key_file"], readPem),
  };
  const commands = compileDistrictCommands(config, absolute, locate);
  problems.push(...commands.problems);
  if (problems.length > 0 || commands.policy === null) return { model: null, problems, warnings: commands.warnings };
  const model: UplinkModel = Object.freeze({
    url: config.url,
    protocolVersion: config.protocol_version,
    clientId: uplinkClientId(siteId),
    username: config.username ?? null,
    password,
    tls: tls === null ? null : Object.freeze(tls),
    keepaliveS: config.keepalive_s,
    sessionExpiryS: config.session_expiry_s,
    reconnect: Object.freeze({ minMs: config.reconnect.min_ms, maxMs: config.reconnect.max_ms }),
    window: config.window,
    maxBacklogEvents: config.backlog.max_events,
    commands: commands.policy,
  });
  return { model, problems: [], warnings: commands.warnings };
}
