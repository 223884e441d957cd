import { z } from "zod";
import { AlarmStateEventFields } from "./alarm-payloads.js";
import { ReportEventFields } from "./report-payloads.js";
import { IncidentEventFields } from "./incident-payloads.js";
import { MusterEventFields } from "./muster-payloads.js";
import { DrillEventFields } from "./drill-payloads.js";
import {
  ACCESS_RESULTS,
  ALARM_KINDS,
  COMMAND_SOURCES,
  DEVICE_STATUSES,
  DOOR_ACTIONS,
  GATEWAY_ACTIONS,
  LOCK_CAUSES,
  MODE_ACTIONS,
  REQUEST_STATUSES,
  SCREENING_RESULTS,
} from "../core/events.js";
import { VISITOR_ACTIONS, VISITOR_DECISIONS } from "../core/visitor-events.js";

/**
 * `event/<type>` payloads (the wire contract of events, part of the MQTT API in topics.ts):
 * docs/mqtt-api.md describes the same for people; keep the two in step.
 */

const DeviceStatus = z.enum(DEVICE_STATUSES);

const EventEnvelope = {
  id: z.uuid(),
  seq: z.number().int().positive(),
  ts: z.iso.datetime(),
  /** Present (true) on every event produced while a drill runs. */
  drill: z.boolean().optional(),
  /** Present (true) on every event recorded while the gateway's clock is not synchronised. */
  clock_unsynced: z.boolean().optional(),
};

const CredentialRead = z.strictObject({
  format: z.string(),
  facility: z.number().int().nullable(),
  number: z.number().int().nullable(),
  raw: z.string(),
});

/** The credential as roles without full credential access read it (see bus/redact.ts). */
const MaskedCredentialRead = z.strictObject({
  format: z.string(),
  /** The card number's (or keyed digits') last 4 digits; null for a raw read. */
  last4: z.string().nullable(),
});

/** `event/<type>` (not retained): one schema per event type, discriminated by `type`. */
export const EventPayload = z.discriminatedUnion("type", [
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("access"),
    door: z.string(),
    reader: z.string(),
    result: z.enum(ACCESS_RESULTS),
    reason: z.string().nullable(),
    /** In full for the admin and audit roles and the district; masked for every other reader. */
    credential: z.union([CredentialRead, MaskedCredentialRead]),
    holder: z.string().nullable(),
    role: z.string().nullable(),
    passback: z.literal("violation").optional(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("door"),
    door: z.string(),
    action: z.enum(DOOR_ACTIONS),
    /** For locked/unlocked: why. */
    cause: z.enum(LOCK_CAUSES).optional(),
    /** For a `momentary` release: who sent the command. */
    by: z.string().optional(),
    actor: z.string().nullable().optional(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("mode"),
    action: z.enum(MODE_ACTIONS),
    mode: z.string(),
    previous: z.string(),
    silent: z.boolean(),
    by: z.string(),
    actor: z.string().nullable(),
    location: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("panic"),
    device: z.string(),
    location: z.string(),
    mode: z.string(),
    silent: z.boolean(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("alarm"),
    alarm: z.enum(ALARM_KINDS),
    active: z.boolean(),
    device: z.string(),
    door: z.string().nullable(),
    location: z.string().nullable(),
    until: z.iso.datetime().nullable(),
    reason: z.string().nullable().optional(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("screening"),
    device: z.string(),
    location: z.string(),
    result: z.enum(SCREENING_RESULTS),
    zones: z.array(z.number().int()),
    passages: z.number().int().nullable(),
    alarms: z.number().int().nullable(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("command"),
    source: z.enum(COMMAND_SOURCES),
    name: z.string(),
    transaction: z.union([z.string(), z.number()]).nullable(),
    status: z.enum(REQUEST_STATUSES),
    error_code: z.string().nullable(),
    actor: z.string().nullable().optional(),
    key_id: z.string().optional(),
    suppressed: z.number().int().positive().optional(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("uplink"),
    action: z.literal("dropped"),
    count: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    through_seq: z.number().int().nonnegative(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("gateway"),
    action: z.enum(GATEWAY_ACTIONS),
    version: z.string(),
    config_hash: z.string(),
  }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("device"),
    device: z.string(),
    status: DeviceStatus,
    reason: z.string().nullable(),
  }),
  z.strictObject({ ...EventEnvelope, ...AlarmStateEventFields }),
  z.strictObject({
    ...EventEnvelope,
    type: z.literal("visitor"),
    action: z.enum(VISITOR_ACTIONS),
    /** The visit (no name, date of birth or ID data: those stay at the site's desk). */
    visitor_id: z.string().nullable(),
    destination: z.string().nullable(),
    by: z.string().nullable(),
    decision: z.enum(VISITOR_DECISIONS).nullable(),
    on_site: z.number().int().nonnegative(),
    purged: z
      .strictObject({
        id_data: z.number().int().nonnegative(),
        visits: z.number().int().nonnegative(),
        /** Visitors whose names went from roll calls past the ID data's retention. */
        roll_call_names: z.number().int().nonnegative(),
      })
      .nullable(),
  }),
  z.strictObject({ ...EventEnvelope, ...ReportEventFields }),
  z.strictObject({ ...EventEnvelope, ...IncidentEventFields }),
  z.strictObject({ ...EventEnvelope, ...MusterEventFields }),
  z.strictObject({ ...EventEnvelope, ...DrillEventFields }),
]);
export type EventPayload = z.infer<typeof EventPayload>;
