/**
 * JSON Schema files of the MQTT API, generated from its zod schemas (the wire contract): one per topic
 * payload and per event type, committed under docs/schema/ by `npm run schema`. A test regenerates
 * them in memory and fails when the committed files drift from the code.
 */
import { z } from "zod";
import { AlarmRequest, AlarmResponseData, AlarmsStatePayload } from "../bus/alarm-payloads.js";
import { DrillRequest, DrillResponseData, DrillsRequest, DrillsResponseData, DrillsStatePayload } from "../bus/drill-payloads.js";
import { DeskScanPayload } from "../bus/desk-topics.js";
import { VisitorHoldsPayload, VisitorRequest, VisitorResponseData, VisitorsStatePayload } from "../visitors/visitor-schemas.js";
import { IncidentRequest, IncidentResponseData } from "../bus/incident-payloads.js";
import { MusterRequest, MusterResponseData, MusterStatePayload } from "../bus/muster-payloads.js";
import { OccupancyPeoplePayload, OccupancyStatePayload } from "../bus/occupancy-payloads.js";
import { CredentialsRequest, DoorRequest, EventsRequest, ModeRequest, StateRequest } from "../bus/request-schemas.js";
import { OsdpRequest, OsdpResponseData } from "../bus/request-osdp.js";
import { PassRequest, PassResponseData } from "../bus/request-pass.js";
import {
  CommandResponseData,
  CredentialsResponseData,
  EventsResponseData,
  RequestTransaction,
  ResponseEnvelope,
  StateResponseData,
} from "../bus/response-schemas.js";
import { AuditStatePayload, DeviceStatePayload, DoorStatePayload, SimPayloads, SiteStatePayload, StatusPayload, UplinkStatePayload } from "../bus/topics.js";
import { EventPayload } from "../bus/event-payloads.js";
import { WatchlistRequest } from "../screening/watch-schemas.js";
import { ReportRequest, ReportResponseData } from "../reports/report-request.js";

/** Where the files go, relative to the repository. */
export const SCHEMA_DIR = "docs/schema";

/** A payload schema, whether JSON Schema describes what a client sends (input) or what it receives (output). */
interface WireSchema {
  readonly schema: z.ZodType;
  readonly io: "input" | "output";
  readonly title: string;
}

/**
 * A request as a client sends it: the fields its handler checks, and the optional `transaction` the
 * router takes off first and echoes in the answer.
 */
export function requestOnTheWire(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) return schema.extend({ transaction: RequestTransaction.optional() });
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const options = (schema.options as readonly z.ZodType[]).map(requestOnTheWire);
    return z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
  throw new Error("a request schema is an object or a discriminated union of objects");
}

/** Every payload of the API by file name (without `.json`). */
export function wireSchemas(): ReadonlyMap<string, WireSchema> {
  const out = (title: string, schema: z.ZodType): WireSchema => ({ schema, io: "output", title });
  const inp = (title: string, schema: z.ZodType): WireSchema => ({ schema, io: "input", title });
  const req = (name: string, schema: z.ZodType): WireSchema => inp(`request/${name}`, requestOnTheWire(schema));
  const entries: [string, WireSchema][] = [
    ["status", out("status (retained)", StatusPayload)],
    ["state-site", out("state/site (retained)", SiteStatePayload)],
    ["state-door", out("state/door/<door_id> (retained)", DoorStatePayload)],
    ["state-device", out("state/device/<device_id> (retained)", DeviceStatePayload)],
    ["state-uplink", out("state/uplink (retained)", UplinkStatePayload)],
    ["state-alarms", out("state/alarms (retained)", AlarmsStatePayload)],
    ["state-desk", out("state/desk/<scanner_id> (retained, desk roles only)", DeskScanPayload)],
    ["state-visitors", out("state/visitors (retained, desk roles only)", VisitorsStatePayload)],
    ["state-visitor_holds", out("state/visitor_holds (retained, officers and administrators only)", VisitorHoldsPayload)],
    ["state-audit", out("state/audit (retained)", AuditStatePayload)],
    ["state-occupancy", out("state/occupancy (retained)", OccupancyStatePayload)],
    ["state-occupancy-people", out("state/occupancy/people (retained, officer, front desk and admin only)", OccupancyPeoplePayload)],
    ["state-muster", out("state/muster (retained, officer, front desk and admin only)", MusterStatePayload)],
    ["state-drills", out("state/drills (retained)", DrillsStatePayload)],
    ...EventPayload.options.map((o): [string, WireSchema] => [`event-${o.shape.type.value}`, out(`event/${o.shape.type.value}`, o)]),
    ["request-state", req("state", StateRequest)],
    ["request-events", req("events", EventsRequest)],
    ["request-mode", req("mode", ModeRequest)],
    ["request-door", req("door", DoorRequest)],
    ["request-credentials", req("credentials", CredentialsRequest)],
    ["request-osdp", req("osdp", OsdpRequest)],
    ["request-alarm", req("alarm", AlarmRequest)],
    ["request-watchlist", req("watchlist", WatchlistRequest)],
    ["request-visitor", req("visitor", VisitorRequest)],
    ["request-report", req("report", ReportRequest)],
    ["request-pass", req("pass", PassRequest)],
    ["request-incident", req("incident", IncidentRequest)],
    ["request-muster", req("muster", MusterRequest)],
    ["request-drill", req("drill", DrillRequest)],
    ["request-drills", req("drills", DrillsRequest)],
    ["response", out("response/<name> envelope", ResponseEnvelope)],
    ["response-state-data", out("response/state data", StateResponseData)],
    ["response-events-data", out("response/events data", EventsResponseData)],
    ["response-command-data", out("response/mode and response/door data", CommandResponseData)],
    ["response-credentials-data", out("response/credentials data", CredentialsResponseData)],
    ["response-osdp-data", out("response/osdp data", OsdpResponseData)],
    ["response-alarm-data", out("response/alarm data", AlarmResponseData)],
    ["response-visitor-data", out("response/visitor data", VisitorResponseData)],
    ["response-report-data", out("response/report data", ReportResponseData)],
    ["response-pass-data", out("response/pass data", PassResponseData)],
    ["response-incident-data", out("response/incident data", IncidentResponseData)],
    ["response-muster-data", out("response/muster data", MusterResponseData)],
    ["response-drill-data", out("response/drill data", DrillResponseData)],
    ["response-drills-data", out("response/drills data", DrillsResponseData)],
    ...Object.entries(SimPayloads).map(([kind, schema]): [string, WireSchema] => [`sim-${kind}`, inp(`sim/<device_id> (${kind})`, schema)]),
  ];
  return new Map(entries);
}

/** The text of every file: name (with `.json`) → pretty JSON with a final newline. */
export function jsonSchemaFiles(): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const [name, { schema, io, title }] of wireSchemas()) {
    const json = { title: `gatehouse/<site_id>/${title}`, ...z.toJSONSchema(schema, { io, target: "draft-2020-12" }) };
    files.set(`${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
  }
  return files;
}
