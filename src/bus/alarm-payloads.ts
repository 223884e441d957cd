import { z } from "zod";
import { ALARM_ACTIONS, ALARM_PRIORITIES, ALARM_STATES, ANNUNCIATED_KINDS } from "../core/alarm-events.js";

/**
 * The wire contract of alarms that people answer (ISA-18.2), beside topics.ts which names the topics:
 * the `event/alarm_state` fields, the retained `state/alarms` list and the `request/alarm` actions.
 */

/** An instance's name: `<kind>@<source>`, e.g. `forced_open@east`. */
const AlarmName = z.string().regex(/^[a-z_]+@[A-Za-z0-9_.:-]{1,64}$/, "must be <kind>@<source>");

/** What names an instance and says where it stands, in its events and in `state/alarms` alike. */
const AlarmFields = {
  alarm: AlarmName,
  instance: z.uuid(),
  kind: z.enum(ANNUNCIATED_KINDS),
  source: z.string(),
  location: z.string().nullable(),
  priority: z.enum(ALARM_PRIORITIES),
  state: z.enum(ALARM_STATES),
  /** Whether the condition is present now (a latched alarm stays unacknowledged after it ends). */
  active: z.boolean(),
};

/** What every `event/alarm_state` carries besides the event envelope (see core/alarm-events.ts). */
export const AlarmStateEventFields = {
  type: z.literal("alarm_state"),
  action: z.enum(ALARM_ACTIONS),
  ...AlarmFields,
  by: z.string().nullable(),
  note: z.string().nullable(),
  shelved_until: z.iso.datetime().nullable(),
  count: z.number().int().positive(),
};

/** One open alarm as `state/alarms` lists it. */
export const OpenAlarm = z.strictObject({
  ...AlarmFields,
  drill: z.boolean(),
  raised_at: z.iso.datetime(),
  acked_at: z.iso.datetime().nullable(),
  acked_by: z.string().nullable(),
  /** Set while shelved: consoles hide it until then, and it does not escalate. */
  shelved_until: z.iso.datetime().nullable(),
  /** When it went to the district unacknowledged; null if it has not. */
  escalated_at: z.iso.datetime().nullable(),
  /** Activations, the first included; re-triggers within the chatter interval only add to it. */
  count: z.number().int().positive(),
  /** A life-safety alarm (fire, panic…): it waits for a person after its condition ends, and is never shelved. */
  latched: z.boolean(),
});
export type OpenAlarm = z.infer<typeof OpenAlarm>;

/** `state/alarms` (retained): every alarm not yet back to normal, highest priority first, then oldest. */
export const AlarmsStatePayload = z.strictObject({
  alarms: z.array(OpenAlarm),
  /** How many of them wait for a person (unacknowledged and not shelved). */
  unacked: z.number().int().nonnegative(),
});
export type AlarmsStatePayload = z.infer<typeof AlarmsStatePayload>;

/** `request/alarm`: answer an alarm — acknowledge it, shelve it for a while, or take it off the shelf. */
export const AlarmRequest = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("ack"), alarm: AlarmName, note: z.string().max(200).optional() }),
  z.strictObject({
    action: z.literal("shelve"),
    alarm: AlarmName,
    minutes: z.number().int().min(1),
    reason: z.string().min(1).max(200),
  }),
  z.strictObject({ action: z.literal("unshelve"), alarm: AlarmName }),
]);
export type AlarmRequest = z.infer<typeof AlarmRequest>;

/** `response/alarm` data: the alarm after the action. */
export const AlarmResponseData = z.strictObject({ alarm: OpenAlarm });
export type AlarmResponseData = z.infer<typeof AlarmResponseData>;
