import { SerialPortStream } from "@serialport/stream";
import type { BindingInterface, SerialBinding } from "./binding.js";
import type { PortFactory, PortStream, SerialConnectionTuning } from "./connection.js";

/** Ports (not yet open) on `binding`, as `SerialPort` makes them on the real one. */
export function portsOn(binding: BindingInterface): PortFactory {
  return (s): PortStream => new SerialPortStream({ binding, ...s, autoOpen: false });
}

/** What a connection needs of a binding: ports on it, and its unplug check when it has one. */
export function bindingTuning(binding: SerialBinding): Pick<SerialConnectionTuning, "openPort" | "presence"> {
  return { openPort: portsOn(binding), presence: binding.presence ?? null };
}
