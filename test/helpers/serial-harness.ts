import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, vi } from "vitest";
import { SerialPortMock } from "serialport";
import type { Broker } from "../../src/bus/broker.js";
import { siteTopics } from "../../src/bus/topics.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { CatalogModel } from "../../src/catalog/schema.js";
import type { DeviceModel } from "../../src/config/runtime-model.js";
import type { Input } from "../../src/core/inputs.js";
import type { DriverContext } from "../../src/devices/driver.js";
import type { PortFactory } from "../../src/drivers/serial/connection.js";
import { createDecoder } from "../../src/drivers/serial/decoders.js";
import type { FrameResult } from "../../src/drivers/serial/frame-buffer.js";
import { createFrameParser } from "../../src/drivers/serial/framing.js";
import { silentLogger } from "../../src/log.js";

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
  return { id, name: id, kind: model.kind, model, serial: { path, baudRate }, gpio: null, hid: null };
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

/** Mock ports, remembering every port object made (to reach the mock binding of the newest). */
export function mockPorts(): { factory: PortFactory; made: SerialPortMock[] } {
  const made: SerialPortMock[] = [];
  const factory: PortFactory = (s) => {
    const port = new SerialPortMock({ ...s, autoOpen: false });
    made.push(port);
    return port;
  };
  return { factory, made };
}

/**
 * A clean mock binding for every test of the calling describe. Returns the list where a test puts
 * the stops of what it started; after the test they run in that order, then the binding is reset.
 */
export function mockBindingPerTest(): (() => Promise<void>)[] {
  const stops: (() => Promise<void>)[] = [];
  beforeEach(() => SerialPortMock.binding.reset());
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    SerialPortMock.binding.reset();
  });
  return stops;
}

/** The newest mock port object, open. */
export function openMock(made: readonly SerialPortMock[]): SerialPortMock {
  const port = made.at(-1);
  if (port === undefined || !port.isOpen || port.port === undefined) throw new Error("no open mock port");
  return port;
}

/** Bytes arriving from the device on the newest mock port. */
export function deviceSends(made: readonly SerialPortMock[], bytes: Buffer): void {
  openMock(made).port?.emitData(bytes);
}

/**
 * Unplug as the kernel shows it: the pending read fails with an I/O error, so serialport closes the
 * port and emits close with a DisconnectedError.
 */
export async function unplugMock(port: SerialPortMock): Promise<void> {
  const binding = port.port as unknown as { pendingRead: ((err?: Error) => void) | null };
  // The stream issues its read a tick after open.
  const pending = await vi.waitFor(
    () => {
      if (binding.pendingRead === null) throw new Error("no read pending on the mock port");
      return binding.pendingRead;
    },
    { interval: 1 },
  );
  binding.pendingRead = null;
  pending(Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" }));
}

/** Open file descriptors of this process. */
export function openFds(): number {
  return readdirSync("/proc/self/fd").length;
}

/** A socat pty pair: `gw` for the gateway side, `dev` for the fake device side. */
export class PtyPair {
  readonly gw: string;
  readonly dev: string;
  private proc: ChildProcess | null = null;

  constructor(readonly dir: string) {
    this.gw = join(dir, "gw");
    this.dev = join(dir, "dev");
  }

  /** Start socat and wait until both links exist. */
  async start(): Promise<void> {
    const proc = spawn(
      "/usr/bin/socat",
      ["-d", "-d", `pty,raw,echo=0,link=${this.gw}`, `pty,raw,echo=0,link=${this.dev}`],
      { stdio: "ignore" },
    );
    this.proc = proc;
    await vi.waitFor(
      () => {
        if (proc.exitCode !== null) throw new Error(`socat exited with ${proc.exitCode}`);
        if (!existsSync(this.gw) || !existsSync(this.dev)) throw new Error("pty links not there yet");
      },
      { timeout: 5000, interval: 5 },
    );
  }

  /** Kill socat (the "unplug") and wait until it has exited and removed its links. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (proc === null || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    await exited;
    await vi.waitFor(
      () => {
        if (existsSync(this.gw) || existsSync(this.dev)) throw new Error("pty links still there");
      },
      { timeout: 5000, interval: 5 },
    );
  }
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
