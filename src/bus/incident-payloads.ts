import { z } from "zod";
import { INCIDENT_ACTIONS, INCIDENT_KINDS, INCIDENT_STATUSES } from "../core/incident-events.js";
import { Id } from "./request-schemas.js";

/**
 * The wire contract of incident records, beside topics.ts which names the topics: the `event/incident`
 * fields (no narrative, no people: the event log goes to the district) and the `request/incident`
 * actions and answers, which carry the whole record to the officer, administrator or auditor asking.
 */

/** Longest narrative: a page or two of a report. */
export const MAX_NARRATIVE = 8_000;
/** Longest note of an update or a close, and reason of a reopen. */
export const MAX_NOTE = 2_000;
/** Most people, events or alarms one incident links. */
export const MAX_LINKS = 100;

const IncidentId = z.uuid();
const Kind = z.enum(INCIDENT_KINDS);
/** A door or area id, or a few words ("bus loop", "gym, north wall"). */
const Place = z.string().trim().min(1).max(80);
const Narrative = z.string().trim().min(1).max(MAX_NARRATIVE);
const Note = z.string().trim().min(1).max(MAX_NOTE);

/** Who was involved, by id only: cardholder ids of the site, visitor ids of the front desk. */
export const IncidentPeople = z.strictObject({
  cardholders: z.array(Id).max(MAX_LINKS).default([]),
  visitors: z.array(Id).max(MAX_LINKS).default([]),
});
export type IncidentPeople = z.infer<typeof IncidentPeople>;

/** What an incident says, as an officer writes it; links are replaced whole by an update. */
const IncidentFields = {
  kind: Kind,
  place: Place,
  /** When it happened (ISO 8601, any offset); stored in UTC. */
  occurred_at: z.iso.datetime({ offset: true }),
  narrative: Narrative,
  people: IncidentPeople,
  /** Seqs of events of the log it concerns; each must be in the log. */
  events: z.array(z.number().int().positive()).max(MAX_LINKS),
  /** Alarm instances (their uuid) it concerns; each must be in the store. */
  alarms: z.array(z.uuid()).max(MAX_LINKS),
};

/** What every `event/incident` carries besides the event envelope (see core/incident-events.ts). */
export const IncidentEventFields = {
  type: z.literal("incident"),
  action: z.enum(INCIDENT_ACTIONS),
  incident: IncidentId,
  kind: Kind,
  place: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  by: z.string(),
  people: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  alarms: z.number().int().nonnegative(),
};

/** `request/incident`: open, update, close, reopen, read one, list. */
export const IncidentRequest = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("open"),
    ...IncidentFields,
    people: IncidentPeople.default({ cardholders: [], visitors: [] }),
    events: IncidentFields.events.default([]),
    alarms: IncidentFields.alarms.default([]),
  }),
  z.strictObject({
    action: z.literal("update"),
    incident: IncidentId,
    kind: Kind.optional(),
    place: Place.optional(),
    occurred_at: IncidentFields.occurred_at.optional(),
    narrative: Narrative.optional(),
    people: IncidentPeople.optional(),
    events: IncidentFields.events.optional(),
    alarms: IncidentFields.alarms.optional(),
    note: Note.optional(),
  }),
  z.strictObject({ action: z.literal("close"), incident: IncidentId, note: Note.optional() }),
  z.strictObject({ action: z.literal("reopen"), incident: IncidentId, reason: Note }),
  z.strictObject({ action: z.literal("get"), incident: IncidentId }),
  z.strictObject({
    action: z.literal("list"),
    status: z.enum(INCIDENT_STATUSES).optional(),
    kind: Kind.optional(),
    /** Incidents that occurred at or after this instant. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Incidents that occurred before this instant. */
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  }),
]);
export type IncidentRequest = z.infer<typeof IncidentRequest>;

/** What one entry of the history set: the fields it changed, and its note or reason. */
export const IncidentChanges = z.strictObject({
  kind: Kind.optional(),
  place: z.string().optional(),
  occurred_at: z.iso.datetime().optional(),
  narrative: z.string().optional(),
  people: IncidentPeople.optional(),
  events: z.array(z.number().int()).optional(),
  alarms: z.array(z.string()).optional(),
  note: z.string().optional(),
  reason: z.string().optional(),
});
export type IncidentChanges = z.infer<typeof IncidentChanges>;

/** One entry of an incident's history, oldest first; never changed once written. */
export const IncidentHistoryEntry = z.strictObject({
  n: z.number().int().positive(),
  action: z.enum(INCIDENT_ACTIONS),
  at: z.iso.datetime(),
  by: z.string(),
  changes: IncidentChanges,
});
export type IncidentHistoryEntry = z.infer<typeof IncidentHistoryEntry>;

/** Who opened, last changed and closed an incident, and when. */
const Stamps = {
  status: z.enum(INCIDENT_STATUSES),
  opened_at: z.iso.datetime(),
  opened_by: z.string(),
  updated_at: z.iso.datetime(),
  updated_by: z.string(),
  closed_at: z.iso.datetime().nullable(),
  closed_by: z.string().nullable(),
};

/** An incident as `get` and every change answer it: the whole record, history included. */
export const IncidentRecord = z.strictObject({
  id: IncidentId,
  kind: Kind,
  place: z.string(),
  occurred_at: z.iso.datetime(),
  narrative: z.string(),
  people: z.strictObject({ cardholders: z.array(z.string()), visitors: z.array(z.string()) }),
  events: z.array(z.number().int()),
  alarms: z.array(z.string()),
  ...Stamps,
  history: z.array(IncidentHistoryEntry),
});
export type IncidentRecord = z.infer<typeof IncidentRecord>;

/** An incident as `list` shows it: no narrative, counts instead of people and links. */
export const IncidentSummary = z.strictObject({
  id: IncidentId,
  kind: Kind,
  place: z.string(),
  occurred_at: z.iso.datetime(),
  ...Stamps,
  people: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  alarms: z.number().int().nonnegative(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

/** `response/incident` data: the record after the action, or the incidents listed (newest first). */
export const IncidentResponseData = z.union([
  z.strictObject({ incident: IncidentRecord }),
  z.strictObject({ incidents: z.array(IncidentSummary) }),
]);
export type IncidentResponseData = z.infer<typeof IncidentResponseData>;
