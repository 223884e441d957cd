import type { EventBody, StoredEvent } from "../core/events.js";
import { maskCredential, type Logger } from "../util/log.js";

/** One event as a log line: a sentence for people, and the fields for machines. */
interface Line {
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

type Of<T extends EventBody["type"]> = Extract<EventBody, { type: T }>;

const drillTag = (e: { drill?: boolean }): string => (e.drill === true ? " (drill)" : "");
const because = (reason: string | null | undefined): string => (reason === null || reason === undefined ? "" : `: ${reason}`);

function modeLine(e: Of<"mode">): Line {
  const who = e.actor === null ? e.by : `${e.by} ${e.actor}`;
  const what = e.action === "raised" ? `${e.mode} raised` : `${e.previous} cleared`;
  const fields = { mode: e.mode, action: e.action, previous: e.previous, by: e.by, actor: e.actor, drill: e.drill, silent: e.silent };
  return { fields, msg: `${what} by ${who}${e.silent ? " (silent)" : ""}${drillTag(e)}` };
}

function alarmLine(e: Of<"alarm">): Line {
  const where = e.location ?? e.door ?? e.device;
  const fields = { alarm: e.alarm, active: e.active, device: e.device, door: e.door, location: e.location, reason: e.reason ?? null };
  return { fields, msg: `${e.alarm.replace("_", " ")} ${e.active ? "alarm" : "cleared"} at ${where}${because(e.reason)}${drillTag(e)}` };
}

/** An alarm instance moved. The note stays out of the journal: free text may name a student. */
function alarmStateLine(e: Of<"alarm_state">): Line {
  const fields = { alarm: e.alarm, action: e.action, state: e.state, priority: e.priority, by: e.by };
  return { fields, msg: `alarm ${e.alarm} ${e.action}${e.by === null ? "" : ` by ${e.by}`} (${e.priority})${drillTag(e)}` };
}

/** An incident changed: its id, kind and place only; the narrative and the people are student records. */
function incidentLine(e: Of<"incident">): Line {
  const fields = { incident: e.incident, action: e.action, kind: e.kind, place: e.place, status: e.status, by: e.by };
  return { fields, msg: `incident ${e.incident} (${e.kind.replaceAll("_", " ")} at ${e.place}) ${e.action} by ${e.by}` };
}

/** A roll call step: counts only, never who was found or missing. */
function musterLine(e: Of<"muster">): Line {
  const fields = { muster: e.muster, action: e.action, by: e.by, expected: e.expected, unaccounted: e.unaccounted, missing: e.missing, injured: e.injured };
  return { fields, msg: `roll call ${e.action} by ${e.by}: ${e.unaccounted} of ${e.expected} unaccounted, ${e.missing} missing, ${e.injured} injured${drillTag(e)}` };
}

/** A drill's record moved: its kind and who, never its notes (free text may name a student). */
function drillLine(e: Of<"drill">): Line {
  const fields = { drill_id: e.drill_id, action: e.action, drill_type: e.drill_type, secure_ms: e.secure_ms ?? null };
  const who = e.action === "ended" ? e.ended_by : e.action === "started" ? e.started_by : null;
  const secured = e.secure_ms === undefined ? "" : e.secure_ms === null ? ", doors not all secured" : `, secured in ${Math.round(e.secure_ms / 1000)} s`;
  return { fields, msg: `${e.drill_type.replaceAll("_", " ")} drill ${e.drill_id} ${e.action}${who === null ? "" : ` by ${who}`}${secured}` };
}

function commandLine(e: Of<"command">): Line {
  const who = e.source === "district" ? "district" : (e.actor ?? "anonymous");
  const outcome = e.status === "ok" ? "done" : `refused (${e.error_code ?? "error"})`;
  const held = e.suppressed === undefined ? "" : `, ${e.suppressed} more since the last record`;
  const fields = { request: e.name, source: e.source, actor: e.actor ?? null, status: e.status, error_code: e.error_code, suppressed: e.suppressed };
  return { fields, msg: `command ${e.name} from ${who} ${outcome}${held}` };
}

/** A visit moved: its id, destination and counts; the visitor's name is never in the event. */
function visitorLine(e: Of<"visitor">): Line {
  const fields = { action: e.action, visitor_id: e.visitor_id, destination: e.destination, by: e.by, decision: e.decision, on_site: e.on_site };
  if (e.action === "purged") return { fields: { action: e.action, ...e.purged }, msg: `visitor records purged: ${e.purged?.visits ?? 0} visits, ID data of ${e.purged?.id_data ?? 0}, ${e.purged?.roll_call_names ?? 0} names in roll calls` };
  const what = e.action === "decided" ? `decided (${e.decision ?? "?"})` : e.action.replaceAll("_", " ");
  return { fields, msg: `visitor ${e.visitor_id ?? "?"} ${what}${e.by === null ? "" : ` by ${e.by}`}` };
}

/** The line of each event type. Badge values are masked: the full value is a student record. */
function lineOf(e: EventBody): Line {
  switch (e.type) {
    case "access":
      return {
        fields: { door: e.door, result: e.result, reason: e.reason, holder: e.holder, credential: maskCredential(e.credential.raw) },
        msg: `access ${e.result} at ${e.door}${because(e.reason)}${drillTag(e)}`,
      };
    case "door":
      return { fields: { door: e.door, action: e.action, cause: e.cause ?? null, ...(e.by !== undefined && { by: e.by, actor: e.actor ?? null }) }, msg: `door ${e.door} ${e.action.replaceAll("_", " ")}${e.cause === undefined ? "" : ` (${e.cause})`}` };
    case "device":
      return { fields: { device: e.device, status: e.status, reason: e.reason }, msg: `device ${e.device} ${e.status}${because(e.reason)}` };
    case "mode":
      return modeLine(e);
    case "panic":
      return { fields: { device: e.device, location: e.location, mode: e.mode, silent: e.silent }, msg: `panic button at ${e.location}: ${e.mode}${e.silent ? " (silent)" : ""}${drillTag(e)}` };
    case "alarm":
      return alarmLine(e);
    case "screening":
      return { fields: { device: e.device, location: e.location, result: e.result, zones: e.zones }, msg: `screening ${e.result} at ${e.location}${drillTag(e)}` };
    case "command":
      return commandLine(e);
    case "alarm_state":
      return alarmStateLine(e);
    case "incident":
      return incidentLine(e);
    case "muster":
      return musterLine(e);
    case "uplink":
      return { fields: { count: e.count, total: e.total, through_seq: e.through_seq }, msg: `uplink skipped ${e.count} routine events` };
    case "visitor":
      return visitorLine(e);
    case "gateway":
      return { fields: { action: e.action, version: e.version, config_hash: e.config_hash }, msg: `gateway ${e.action} (version ${e.version})` };
    case "report":
      return { fields: { kind: e.kind, date: e.date, file: e.file }, msg: `${e.kind} report for ${e.date} written to ${e.file}` };
    case "drill":
      return drillLine(e);
  }
}

/** An event as one sentence for people (a log line's message, a terminal's line). Badge values never show. */
export function eventSentence(e: EventBody): string {
  return lineOf(e).msg;
}

/**
 * Alarm moves that restate a condition whose own event has its line already (the forced door, the
 * fire input): at debug, so one happening is one info line. What people do, and an escalation, stay at info.
 */
const RESTATING_MOVES: ReadonlySet<string> = new Set(["raised", "returned", "cleared"]);

/** Whether `e` is logged at debug rather than info. */
function quiet(e: EventBody, quietDevices: boolean): boolean {
  if (e.type === "device") return quietDevices;
  // The gateway's own start and stop have their info lines already ("gateway online", "stopping").
  if (e.type === "gateway") return true;
  return e.type === "alarm_state" && RESTATING_MOVES.has(e.action);
}

/**
 * One info line per event, for people reading the journal or a terminal: a sentence naming what
 * happened, where and who, with the event's fields beside it. Device statuses go to debug while
 * `quietDevices` is set: start-up reports every device in one summary line instead; so do the
 * gateway's own start and stop events.
 */
export function logEvent(log: Logger, e: StoredEvent, quietDevices = false): void {
  const { fields, msg } = lineOf(e);
  const line = { seq: e.seq, event: e.type, ...fields };
  if (quiet(e, quietDevices)) log.debug(line, msg);
  else log.info(line, msg);
}
