/**
 * JSON Schema files of the MQTT API, generated from its zod schemas (the wire contract): one per topic
 * payload and per event type, committed under docs/schema/ by `npm run schema`. A test regenerates
 * them in memory and fails when the committed files drift from the code.
 */
import { z } from "zod";
import { CommandResponseData, EventsResponseData, ResponseEnvelope, StateResponseData } from "../bus/response-schemas.js";
import {
  DeviceStatePayload,
  DoorStatePayload,
  EventPayload,
  EventsRequest,
  SimPayloads,
  SiteStatePayload,
  StateRequest,
  StatusPayload,
  UplinkStatePayload,
} from "../bus/topics.js";
import { CredentialsRequest } from "../credentials/wire.js";
import { DoorRequest, ModeRequest } from "../runtime/command-handlers.js";

/** Where the files go, relative to the repository. */
export const SCHEMA_DIR = "docs/schema";

/** A payload schema, whether JSON Schema describes what a client sends (input) or what it receives (output). */
interface WireSchema {
  readonly schema: z.ZodType;
  readonly io: "input" | "output";
  readonly title: string;
}

/** Every payload of the API by file name (without `.json`). */
export function wireSchemas(): ReadonlyMap<string, WireSchema> {
  const out = (title: string, schema: z.ZodType): WireSchema => ({ schema, io: "output", title });
  const inp = (title: string, schema: z.ZodType): WireSchema => ({ schema, io: "input", title });
  const entries: [string, WireSchema][] = [
    ["status", out("status (retained)", StatusPayload)],
    ["state-site", out("state/site (retained)", SiteStatePayload)],
    ["state-door", out("state/door/<door_id> (retained)", DoorStatePayload)],
    ["state-device", out("state/device/<device_id> (retained)", DeviceStatePayload)],
    ["state-uplink", out("state/uplink (retained)", UplinkStatePayload)],
    ...EventPayload.options.map((o): [string, WireSchema] => [`event-${o.shape.type.value}`, out(`event/${o.shape.type.value}`, o)]),
    ["request-state", inp("request/state", StateRequest)],
    ["request-events", inp("request/events", EventsRequest)],
    ["request-mode", inp("request/mode", ModeRequest)],
    ["request-door", inp("request/door", DoorRequest)],
    ["request-credentials", inp("request/credentials", CredentialsRequest)],
    ["response", out("response/<name> envelope", ResponseEnvelope)],
    ["response-state-data", out("response/state data", StateResponseData)],
    ["response-events-data", out("response/events data", EventsResponseData)],
    ["response-command-data", out("response/mode and response/door data", CommandResponseData)],
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
