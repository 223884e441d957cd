import type { Broker } from "../../src/bus/broker.js";
import { siteTopics } from "../../src/bus/topics.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { CatalogModel } from "../../src/catalog/schema.js";
import { resolveFailMode, resolveSettings } from "../../src/config/device-settings.js";
import type { DeviceModel } from "../../src/config/runtime-model.js";
import type { Input } from "../../src/core/inputs.js";
import type { DriverContext } from "../../src/drivers/driver.js";
import { createDecoder } from "../../src/drivers/serial/decoders.js";
import type { FrameResult } from "../../src/drivers/serial/frame-buffer.js";
import { createFrameParser } from "../../src/drivers/serial/framing.js";
import { silentLogger } from "../../src/util/log.js";

/** The shipped catalog, loaded once. */
export const catalog = loadCatalog().catalog;

/** A shipped catalog model, or a thrown error naming it. */
export function catalogModel(id: string): CatalogModel {
  const m = catalog.models.get(id);
  if (m === undefined) throw new Error(`no catalog model ${id}`);
  return m;
}

/** A configured device of a catalog model on `path`. */
export function deviceOf(model: CatalogModel, id: string, path: string, baudRate: number | null = null): DeviceModel {
  return { id, name: id, kind: model.kind, model, settings: resolveSettings(model, { serial: { path, baudRate } }), failMode: resolveFailMode(model) };
}

/** A driver context that records what the device emits (serial devices use neither broker nor topics). */
export function recordingContext(): DriverContext & { inputs: Input[] } {
  const inputs: Input[] = [];
  return {
    inputs,
    emit: (i) => inputs.push(i),
    broker: undefined as unknown as Broker,
    topics: siteTopics("test"),
    log: silentLogger(),
  };
}

/** What the pure pipeline (framing, then decoder) made of some bytes, as the device would pass it on. */
export interface PipelineOutput {
  /** Inputs, and device_status trouble for trouble lines. */
  inputs: Input[];
  /** Bad frames from the parser and the decoder. */
  bad: number;
  /** Every frame the parser completed, with the inputs it gave. */
  frames: { bytes: Uint8Array; inputs: Input[] }[];
}

/** Parser and decoder of a serial catalog model, without port or timers: bytes and times in, inputs out. */
export function pipeline(model: CatalogModel, device: string) {
  const t = model.transport;
  if (t.type !== "serial") throw new Error(`${model.model} is not a serial model`);
  const parser = createFrameParser(t.framing);
  const decoder = createDecoder(device, t.decoder);
  const out: PipelineOutput = { inputs: [], bad: 0, frames: [] };
  const handle = (results: readonly FrameResult[]): void => {
    for (const r of results) {
      if (r.kind === "bad") out.bad++;
      if (r.kind !== "frame") continue;
      const outcomes = decoder.decode(r.bytes);
      const inputs: Input[] = [];
      if (outcomes.some((o) => o.kind === "bad")) out.bad++;
      else
        for (const o of outcomes) {
          if (o.kind === "input") inputs.push(o.input);
          if (o.kind === "trouble") inputs.push({ kind: "device_status", device, status: "trouble", reason: o.reason });
        }
      out.inputs.push(...inputs);
      out.frames.push({ bytes: r.bytes, inputs });
    }
  };
  return {
    out,
    push(bytes: Uint8Array, now: number): void {
      handle(parser.push(bytes, now));
    },
    /** Let time pass (completes inter-byte timeout frames). */
    idle(now: number): void {
      handle(parser.poll(now));
    },
  };
}

/** A captured fixture: chunks as the device sent them, and what they must decode to. */
export interface DeviceFixture {
  model: string;
  description: string;
  device: string;
  chunks: string[];
  expect: Input[];
  bad: number;
}
