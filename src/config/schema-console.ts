import { isAbsolute, join, resolve } from "node:path";
import { createSecureContext } from "node:tls";
import { z } from "zod";
import type { Locator, Problem } from "../source/problems.js";
import { isLoopbackHost } from "./schema-broker-limits.js";
import { readPem } from "./schema-uplink.js";

/**
 * The `console` section: the gateway's own web console, served over HTTP on a loopback host (the
 * demo) and over HTTPS everywhere else. Its login is the broker's users and passwords; the page reads
 * and acts through MQTT over WebSocket on the same origin, as its user. The TLS key is never written
 * in YAML: the section names files, read once when the configuration is loaded.
 */

const Point = z.tuple([z.number().nonnegative(), z.number().nonnegative()]);

const FloorPlan = z.strictObject({
  /** An SVG drawing of the school's floor (relative to the config directory), shown as an image. */
  file: z.string().min(1),
  /** The drawing's coordinate space, in which door positions are given. */
  width: z.number().positive(),
  height: z.number().positive(),
  /** Where each door sits on the drawing: `door_id: [x, y]`. Doors left out are listed below the plan. */
  doors: z.record(z.string(), Point).default({}),
});

export const ConsoleSchema = z
  .strictObject({
    /** Address to bind. Anything but a loopback host needs `tls`. */
    host: z.string().min(1).default("127.0.0.1"),
    /** TCP port; 0 picks a free one. 8443 is a common choice for HTTPS beside a device's own services. */
    port: z.number().int().min(0).max(65535).default(8443),
    /** PEM certificate and key (relative to the config directory); `scripts/install.sh` can make a self-signed pair. */
    tls: z.strictObject({ cert_file: z.string().min(1), key_file: z.string().min(1) }).optional(),
    /** A session ends after this long without a request or an open console (minutes). */
    idle_minutes: z.number().int().min(1).max(24 * 60).default(30),
    /** A session ends this long after login whatever its use (hours): a shift, not a week. */
    absolute_hours: z.number().int().min(1).max(72).default(12),
    floor_plan: FloorPlan.optional(),
  })
  .refine((c) => c.tls !== undefined || isLoopbackHost(c.host), {
    path: ["tls"],
    message: "a console on a host other than loopback must be served over HTTPS: set tls.cert_file and tls.key_file",
  });
export type ConsoleConfig = z.infer<typeof ConsoleSchema>;

/** The floor plan as the console serves it: the drawing read, door positions kept. */
export interface FloorPlanModel {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly doors: Readonly<Record<string, readonly [number, number]>>;
}

/** The compiled console: files read, durations in milliseconds. */
export interface ConsoleModel {
  readonly host: string;
  readonly port: number;
  /** PEM certificate and key; null serves plain HTTP (loopback only). */
  readonly tls: { readonly cert: string; readonly key: string } | null;
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly floorPlan: FloorPlanModel | null;
}

/**
 * Compile a validated `console` section: read the TLS pair and the floor plan (relative to
 * `configDir`); an unreadable file, a pair that does not load or a plan naming an unknown door is a
 * problem at its field. `model` is null without a section or with problems.
 */
export function compileConsole(
  section: ConsoleConfig | undefined,
  doorIds: ReadonlySet<string>,
  configDir: string,
  locate: Locator,
): { model: ConsoleModel | null; problems: Problem[] } {
  const problems: Problem[] = [];
  if (section === undefined) return { model: null, problems };
  const at = (field: string[], message: string): void => {
    const path = ["console", ...field];
    problems.push({ ...locate(path), path: path.join("."), message });
  };
  const read = (file: string, field: string[]): string | null => {
    try {
      return readPem(isAbsolute(file) ? file : resolve(configDir, file));
    } catch (err) {
      at(field, (err as Error).message);
      return null;
    }
  };
  let tls: ConsoleModel["tls"] = null;
  if (section.tls !== undefined) {
    const cert = read(section.tls.cert_file, ["tls", "cert_file"]);
    const key = read(section.tls.key_file, ["tls", "key_file"]);
    if (cert !== null && key !== null) tls = loadPair(cert, key, section.tls, configDir, at);
  }
  let floorPlan: FloorPlanModel | null = null;
  const plan = section.floor_plan;
  if (plan !== undefined) {
    const svg = read(plan.file, ["floor_plan", "file"]);
    for (const door of Object.keys(plan.doors)) {
      if (!doorIds.has(door)) at(["floor_plan", "doors", door], `no door ${door} in the doors section`);
    }
    if (svg !== null) floorPlan = Object.freeze({ svg, width: plan.width, height: plan.height, doors: Object.freeze({ ...plan.doors }) });
  }
  if (problems.length > 0) return { model: null, problems };
  const model: ConsoleModel = {
    host: section.host,
    port: section.port,
    tls,
    idleMs: section.idle_minutes * 60_000,
    absoluteMs: section.absolute_hours * 3_600_000,
    floorPlan,
  };
  return { model: Object.freeze(model), problems };
}

/** The certificate and key if they load together; a problem at `cert_file` if not. */
function loadPair(cert: string, key: string, files: { cert_file: string; key_file: string }, configDir: string, at: (f: string[], m: string) => void): ConsoleModel["tls"] {
  try {
    createSecureContext({ cert, key });
    return Object.freeze({ cert, key });
  } catch (err) {
    const shown = (f: string): string => (isAbsolute(f) ? f : join(configDir, f));
    at(["tls", "cert_file"], `certificate ${shown(files.cert_file)} and key ${shown(files.key_file)} do not load as a pair: ${(err as Error).message}`);
    return null;
  }
}
