import { z } from "zod";
import { GpioTransport } from "./transport-gpio.js";
import { HidTransport } from "./transport-hid.js";
import { OsdpTransport } from "./transport-osdp.js";
import { DECODER_KINDS, SerialTransport } from "./transport-serial.js";

/**
 * A hardware model, described as data in devices/<vendor>/<model>.yaml. A site's device names a model;
 * the model says what kind of device it is and how to talk to it. A new model of a known kind needs
 * one YAML file, no code.
 */

/** How a lock rests without power: fail-safe opens (energised to lock), fail-secure stays locked. */
export const FAIL_MODES = ["safe", "secure"] as const;

/** A lock's behaviour without power. */
export type FailMode = (typeof FAIL_MODES)[number];

/** What a device is, which decides how its inputs and outputs are used. */
export const DeviceKind = z.enum([
  "reader",
  "contact",
  "rex",
  "lock",
  "fire_alarm",
  "panic",
  "metal_detector",
  "strobe",
  "sounder",
  "key_switch",
  "id_scanner",
]);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** Kinds whose device the gateway drives (outputs); the rest report inputs. */
export const OUTPUT_KINDS: ReadonlySet<DeviceKind> = new Set(["lock", "strobe", "sounder"]);

const SimTransport = z.strictObject({
  /** Driven over MQTT at gatehouse/<site>/sim/<device>: for demos, tests and training. */
  type: z.literal("sim"),
});

/** How the gateway reaches a device of this model. */
export const Transport = z.discriminatedUnion("type", [SimTransport, SerialTransport, GpioTransport, HidTransport, OsdpTransport]);
export type Transport = z.infer<typeof Transport>;

/** One catalog file. */
export const CatalogModelSchema = z
  .strictObject({
    /** `<vendor>/<model>`, which must match the file's place under devices/. */
    model: z.string().regex(/^[a-z0-9_-]+\/[a-z0-9_.-]+$/, "must be <vendor>/<model>"),
    vendor: z.string().min(1),
    name: z.string().min(1),
    kind: DeviceKind,
    transport: Transport,
    /** Locks only: fail-safe releases without power (stairwells, egress), fail-secure stays locked. */
    fail_mode: z.enum(FAIL_MODES).optional(),
    /** Named behaviours of this model worth knowing, each with why: `{ flag: reason }`. */
    quirks: z.record(z.string(), z.string()).default({}),
  })
  .superRefine((m, ctx) => {
    if (m.kind === "lock" && m.fail_mode === undefined) {
      ctx.addIssue({ code: "custom", path: ["fail_mode"], message: "a lock must declare fail_mode: safe or secure" });
    }
    if (m.transport.type === "serial" && DECODER_KINDS[m.transport.decoder.type] !== m.kind) {
      const wants = DECODER_KINDS[m.transport.decoder.type];
      ctx.addIssue({ code: "custom", path: ["transport", "decoder", "type"], message: `decodes for a ${wants}, but the model is a ${m.kind}` });
    }
    if (m.transport.type === "osdp" && m.kind !== "reader") {
      ctx.addIssue({ code: "custom", path: ["kind"], message: "an OSDP device is a reader" });
    }
    if (m.kind !== "lock" && m.fail_mode !== undefined) {
      ctx.addIssue({ code: "custom", path: ["fail_mode"], message: "only locks have a fail_mode" });
    }
  });

export type CatalogModel = z.infer<typeof CatalogModelSchema>;
