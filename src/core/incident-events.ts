/**
 * Incident records that officers keep: what the event log says of them. The log goes to the district,
 * so an `incident` event names the incident, its kind and place and how many people, events and
 * alarms it links; never the narrative or who the people are (student records, kept in the store).
 */

/** Every kind of incident; `other` for whatever fits none. */
export const INCIDENT_KINDS = [
  "intrusion",
  "fight",
  "medical",
  "weapon",
  "threat",
  "vandalism",
  "theft",
  "unauthorized_visitor",
  "safety_drill_issue",
  "alarm_response",
  "other",
] as const;

/** A kind of incident. */
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Whether an incident is still being documented. */
export const INCIDENT_STATUSES = ["open", "closed"] as const;

/** Where an incident stands. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Every change of an incident that is recorded. */
export const INCIDENT_ACTIONS = ["opened", "updated", "closed", "reopened"] as const;

/** A change of an incident. */
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** An incident was opened, updated, closed or reopened. */
export interface IncidentEvent {
  type: "incident";
  action: IncidentAction;
  /** The incident's id. */
  incident: string;
  kind: IncidentKind;
  /** A door or area id, or a few words. */
  place: string;
  /** The status after the change. */
  status: IncidentStatus;
  /** The MQTT user who made the change. */
  by: string;
  /** How many people it names (ids in the store, not here). */
  people: number;
  /** How many events of the log it links. */
  events: number;
  /** How many alarms it links. */
  alarms: number;
}
