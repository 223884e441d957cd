import { z } from "zod";
import { DOOR_ALARMS } from "../core/effects.js";
import {
  DEVICE_STATUSES,
} from "../core/events.js";
import { COVERAGE } from "../core/site-summary.js";
import { OsdpState } from "./topics-osdp.js";

/**
 * The MQTT API of a gateway, in one place: every topic under `gatehouse/<site_id>/` and the zod schema
 * of its payload. docs/mqtt-api.md describes the same for people; keep the two in step.
 */

/** Topic names of one site. */
export interface SiteTopics {
  /** `gatehouse/<site_id>` */
  readonly prefix: string;
  /** Retained gateway status. */
  readonly status: string;
  /** Every event, by type (not retained). */
  event(type: string): string;
  /** Filter matching every event. */
  readonly events: string;
  /** Retained state of one door. */
  doorState(door: string): string;
  /** Retained site summary: mode, fire alarm, exterior secure. */
  readonly siteState: string;
  /** Retained health of one device: status and counters. */
  deviceState(device: string): string;
  /** Retained state of the district uplink (backlog, lag, dropped). */
  readonly uplinkState: string;
  /** Retained list of the open alarms (alarm-payloads.ts). */
  readonly alarmsState: string;
  /** Retained compliance of the current school year with the state's drill requirements (drill-payloads.ts). */
  readonly drillsState: string;
  /** Retained head of the audit log's hash chain. */
  readonly auditState: string;
  /** Filter matching every retained state topic. */
  readonly states: string;
  /** Where clients send requests (read by the gateway only) and read answers (each to its asker only). */
  request(name: string): string;
  response(name: string): string;
  /** Drives a simulated device (only for devices whose transport is sim). */
  sim(device: string): string;
  /** Filter matching every sim topic. */
  readonly simAll: string;
}

/** The topics of a site. */
export function siteTopics(siteId: string): SiteTopics {
  const prefix = `gatehouse/${siteId}`;
  return {
    prefix,
    status: `${prefix}/status`,
    event: (type) => `${prefix}/event/${type}`,
    events: `${prefix}/event/+`,
    doorState: (door) => `${prefix}/state/door/${door}`,
    siteState: `${prefix}/state/site`,
    deviceState: (device) => `${prefix}/state/device/${device}`,
    uplinkState: `${prefix}/state/uplink`,
    alarmsState: `${prefix}/state/alarms`,
    drillsState: `${prefix}/state/drills`,
    auditState: `${prefix}/state/audit`,
    states: `${prefix}/state/#`,
    request: (name) => `${prefix}/request/${name}`,
    response: (name) => `${prefix}/response/${name}`,
    sim: (device) => `${prefix}/sim/${device}`,
    simAll: `${prefix}/sim/+`,
  };
}

/** `status` (retained): `offline` is published on a clean stop (and by the uplink's last will). */
export const StatusPayload = z.strictObject({
  state: z.enum(["online", "offline"]),
  version: z.string(),
  started_at: z.iso.datetime(),
  /** sha256 of the validated configuration the gateway runs. */
  config_hash: z.string().optional(),
});
export type StatusPayload = z.infer<typeof StatusPayload>;

/** `state/door/<door_id>` (retained). */
export const DoorStatePayload = z.strictObject({
  locked: z.boolean(),
  open: z.boolean(),
  alarm: z.enum(DOOR_ALARMS),
});
export type DoorStatePayload = z.infer<typeof DoorStatePayload>;

/** `state/site` (retained): the site at a glance (built by core/site-summary). */
export const SiteStatePayload = z.strictObject({
  mode: z.string(),
  drill: z.boolean(),
  silent: z.boolean(),
  /** When the mode last changed; null if it never did. */
  mode_since: z.iso.datetime().nullable(),
  fire_alarm: z.boolean(),
  /** The site's strobes are commanded on. */
  strobes: z.boolean(),
  /** Every exterior door closed and locked. */
  exterior_secure: z.boolean(),
  doors_not_secure: z.array(z.string()),
  doors_in_alarm: z.array(z.string()),
  doors_unlocked: z.array(z.string()),
  /** "degraded" while any panic source is in trouble or offline: a press there may raise nothing. */
  panic_coverage: z.enum(COVERAGE),
  /** The panic sources in trouble or offline. */
  panic_trouble: z.array(z.string()),
  /** "degraded" while any fire alarm input is in trouble or offline: a fire there may release nothing. */
  fire_coverage: z.enum(COVERAGE),
  /** The fire alarm inputs in trouble or offline. */
  fire_trouble: z.array(z.string()),
});
export type SiteStatePayload = z.infer<typeof SiteStatePayload>;

const DeviceStatus = z.enum(DEVICE_STATUSES);

/** `state/device/<device_id>` (retained): a device's health as its driver sees it, with counters. */
export const DeviceStatePayload = z.strictObject({
  kind: z.string(),
  model: z.string(),
  status: DeviceStatus,
  /** Why, for anything but a plain `online` (e.g. "circuit open", "unplugged"). */
  reason: z.string().nullable(),
  /** When the status last changed. */
  since: z.iso.datetime(),
  /** Frames (reports, debounced edges, writes) handled, frames rejected, reconnections since start. */
  frames_ok: z.number().int().nonnegative(),
  frames_bad: z.number().int().nonnegative(),
  reconnects: z.number().int().nonnegative(),
  /** OSDP readers only: Secure Channel and link counters (topics-osdp.ts). */
  osdp: OsdpState.optional(),
});
export type DeviceStatePayload = z.infer<typeof DeviceStatePayload>;

/** `state/uplink` (retained, on the embedded and the district broker): delivery to the district. */
export const UplinkStatePayload = z.strictObject({
  connected: z.boolean(),
  /** Events recorded and not yet acknowledged by the district broker (skipped ones excluded). */
  backlog: z.number().int().nonnegative(),
  /** Highest seq the district broker acknowledged, in order. */
  acked_seq: z.number().int().nonnegative(),
  /** Highest seq recorded. */
  last_seq: z.number().int().nonnegative(),
  /** Age in ms of the oldest undelivered event; 0 when nothing waits. */
  lag_ms: z.number().int().nonnegative(),
  /** Routine events skipped because the backlog exceeded its quota, since the store was created. */
  dropped: z.number().int().nonnegative(),
  /** When the link last came up or went down; null before the first attempt ended. */
  since: z.iso.datetime().nullable(),
});
export type UplinkStatePayload = z.infer<typeof UplinkStatePayload>;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * `state/audit` (retained, on the embedded and the district broker): the head of the audit log's
 * hash chain, so that a log truncated or rewritten later is caught against it (docs/audit-log.md).
 */
export const AuditStatePayload = z.strictObject({
  /** The newest stored event's seq (the checkpoint's when none follows it). */
  seq: z.number().int().nonnegative(),
  /** Its chain hash (hex SHA-256). */
  hash: Sha256Hex,
  /** Its `ts`; null for a checkpoint. */
  ts: z.iso.datetime().nullable(),
  /** Where the chain starts: the last pruned event, or the genesis. */
  checkpoint_seq: z.number().int().nonnegative(),
  checkpoint_hash: Sha256Hex,
});
export type AuditStatePayload = z.infer<typeof AuditStatePayload>;

/** Payloads accepted on `sim/<device_id>`, by device kind. */
export const SimPayloads = {
  reader: z.union([z.strictObject({ badge: z.string().min(1).max(300) }), z.strictObject({ digits: z.string().regex(/^\d{1,20}$/) })]),
  contact: z.strictObject({ open: z.boolean() }),
  rex: z.strictObject({ pressed: z.boolean() }),
  panic: z.strictObject({ pressed: z.boolean() }),
  key_switch: z.strictObject({ on: z.boolean() }),
  fire_alarm: z.strictObject({ active: z.boolean() }),
  metal_detector: z.union([
    z.strictObject({ alarm: z.literal(true), zones: z.array(z.number().int().min(1).max(64)).default([]) }),
    z.strictObject({ passage: z.literal(true) }),
  ]),
  /** The text a desk scanner types for one licence or ID barcode (AAMVA), lines ending in \n. */
  id_scanner: z.strictObject({ scan: z.string().min(1).max(4096) }),
} as const;
