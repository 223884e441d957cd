import { SerialPortMock } from "serialport";
import { beforeEach, vi } from "vitest";
import type { PortFactory } from "../../src/drivers/serial/connection.js";
import { cleanupsAfterEach, type Cleanups } from "./cleanups.js";

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
 * A clean mock binding for every test of the calling describe. Returns the cleanups where a test puts
 * the stops of what it started; after the test they run, last started first, then the binding is reset.
 */
export function mockBindingPerTest(): Cleanups {
  const cleanups = cleanupsAfterEach();
  beforeEach(() => {
    SerialPortMock.binding.reset();
    // Pushed first, so it runs last: after every port the test opened has been stopped.
    cleanups.push(() => SerialPortMock.binding.reset());
  });
  return cleanups;
}

/** The newest mock port object, open. */
export function openMock(made: readonly SerialPortMock[]): SerialPortMock {
  const port = made.at(-1);
  if (port === undefined || !port.isOpen || port.port === undefined) throw new Error("no open mock port");
  return port;
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
