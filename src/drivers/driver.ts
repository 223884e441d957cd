import type { Broker } from "../bus/broker.js";
import type { DeskScanPayload } from "../bus/desk-topics.js";
import type { DeviceStatePayload, SiteTopics } from "../bus/topics.js";
import type { DeviceModel } from "../config/runtime-model.js";
import type { Input } from "../core/inputs.js";
import type { Logger } from "../util/log.js";
import type { ReaderSignal } from "./reader-signal.js";

/** What a driver may use: where to send inputs, the broker (for sim topics), and its logger. */
export interface DriverContext {
  /** Hand an input to the decision engine. */
  emit(input: Input): void;
  readonly broker: Broker;
  readonly topics: SiteTopics;
  readonly log: Logger;
  /** Where a front-desk ID scanner shows its scans (visitors/desk-scans.ts); absent for the outputs. */
  readonly deskScans?: { show(payload: DeskScanPayload): void };
}

/** Health counters every device reports. */
export interface DeviceCounters {
  framesOk: number;
  framesBad: number;
  reconnects: number;
}

/**
 * A running device: turns its hardware's bytes and edges into inputs, and (for outputs) levels into
 * hardware. start() must bring outputs to their safe level before anything else: outputs never
 * pulse at boot.
 */
export interface DeviceDriver {
  readonly device: DeviceModel;
  readonly counters: DeviceCounters;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Outputs only: energise (true) or release (false) what the device drives. */
  setActive?(active: boolean): void;
  /**
   * Outputs only: the level to export at the next start and to drive on stop, in place of the
   * device's own safe level (an egress maglock held released through a restart during a fire).
   */
  restAt?(active: boolean): void;
  /** Readers only: show a signal (grant, deny, prompt, lockout, mode) where the reader can. Never throws. */
  signal?(s: ReaderSignal): void;
  /** Transport-specific parts of the device's retained state (an OSDP reader's link). */
  details?(): Pick<DeviceStatePayload, "osdp">;
}
