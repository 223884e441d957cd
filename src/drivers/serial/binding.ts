import type { OpenOptions } from "@serialport/stream";
import { readOnLoopThread } from "./main-thread-read.js";
import { statPresence, type PresenceProbe } from "./presence.js";

/** A node-serialport binding: how ports are listed and opened (the real one, or `SerialPortMock.binding`). */
export type BindingInterface = OpenOptions["binding"];

/**
 * A serial binding as the gateway is handed it. `presence` is for a binding that misses some
 * unplugs (bindings-cpp reads end-of-file forever after a hangup): a check of the device node that
 * notices them. A binding without one (the mock) is trusted to report its own losses.
 */
export type SerialBinding = BindingInterface & { readonly presence?: PresenceProbe };

/**
 * The real binding (`@serialport/bindings-cpp`, through serialport), loaded on the first list or
 * open: its native module loads when a configured serial device first opens its port, not before.
 * Its ports read on the event loop's thread (see main-thread-read.ts).
 */
export function realSerialBinding(): SerialBinding {
  let loaded: Promise<BindingInterface> | null = null;
  const binding = (): Promise<BindingInterface> => (loaded ??= import("serialport").then((m) => m.SerialPort.binding));
  return {
    list: async () => (await binding()).list(),
    open: async (options) => readOnLoopThread(await (await binding()).open(options)),
    presence: statPresence,
  };
}
