import { z } from "zod";

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
  /** Where clients send requests and read answers. */
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
});
export type StatusPayload = z.infer<typeof StatusPayload>;

/** `state/door/<door_id>` (retained). */
export const DoorStatePayload = z.strictObject({
  locked: z.boolean(),
  open: z.boolean(),
  alarm: z.enum(["none", "held_open", "forced_open"]),
});
export type DoorStatePayload = z.infer<typeof DoorStatePayload>;

const EventEnvelope = {
  id: z.uuid(),
  seq: z.number().int().positive(),
  ts: z.iso.datetime(),
};

const CredentialRead = z.strictObject({
  format: z.string(),
  facility: z.number().int().nullable(),
  number: z.number().int().nullable(),
  raw: z.string(),
});

/** `event/<type>` (not retained): one schema per event type, discriminated by `type`. */
export const EventPayload = z.discriminatedUnion("type", [
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("access"),
    door: z.string(),
    reader: z.string(),
    result: z.enum(["granted", "denied"]),
    reason: z.string().nullable(),
    credential: CredentialRead,
    holder: z.string().nullable(),
    role: z.string().nullable(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("door"),
    door: z.string(),
    action: z.enum(["opened", "closed", "held_open", "forced_open", "unlocked", "locked"]),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("device"),
    device: z.string(),
    status: z.enum(["online", "offline", "fault", "trouble"]),
    reason: z.string().nullable(),
  }),
]);
export type EventPayload = z.infer<typeof EventPayload>;

/** `request/state`: a snapshot of doors and devices. No fields. */
export const StateRequest = z.strictObject({});

/** `request/events`: recent events from the audit store, oldest first, after a seq. */
export const EventsRequest = z.strictObject({
  after_seq: z.number().int().nonnegative().default(0),
  /** Capped so one request cannot make the gateway serialise its whole history. */
  limit: z.number().int().min(1).max(1000).default(100),
});

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
} as const;
