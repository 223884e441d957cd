import { readSync } from "node:fs";

/** What of an opened bindings-cpp port (Linux, macOS) this adapter uses. */
interface PollingPort {
  readonly fd: number | null;
  readonly isOpen: boolean;
  readonly poller?: { once(event: "readable", callback: (err: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
}

/** Errors of a non-blocking read that mean "nothing yet": wait for the port to be readable. */
const NOT_YET = new Set(["EAGAIN", "EWOULDBLOCK", "EINTR"]);

/** Resolves when the port's poller says readable; rejects when the port closes meanwhile. */
const readable = (poller: NonNullable<PollingPort["poller"]>): Promise<void> =>
  new Promise((resolve, reject) => poller.once("readable", (err) => (err ? reject(err) : resolve())));

/**
 * Make an opened port read on the event loop's own thread. bindings-cpp reads with `fs.read`, which
 * goes through libuv's thread pool: every frame from a reader waits for a pool thread to wake (and
 * the gateway runs its pool threads at idle priority so that they never take the CPU from a
 * decision), then for the answer to come back — most of a badge's time at the gateway, and all of its
 * tail. The port's descriptor is non-blocking, so a read on the loop's thread returns at once: bytes
 * when the poller said there are some, EAGAIN when not (then it waits on the poller, as bindings-cpp
 * does). Anything else — a closed port, end of file after a hangup, an error — goes to the binding's
 * own read, so that what a driver sees of those is exactly what bindings-cpp reports.
 * A port without a poller (another binding) is returned unchanged.
 */
export function readOnLoopThread<P>(port: P): P {
  const p = port as unknown as PollingPort;
  const poller = p.poller;
  if (poller === undefined || typeof p.fd !== "number") return port;
  const bindingRead = p.read.bind(p);
  p.read = async (buffer, offset, length) => {
    for (;;) {
      if (!p.isOpen || p.fd === null) return bindingRead(buffer, offset, length);
      let bytesRead: number;
      try {
        bytesRead = readSync(p.fd, buffer, offset, length, null);
      } catch (err) {
        if (!NOT_YET.has((err as NodeJS.ErrnoException).code ?? "")) return bindingRead(buffer, offset, length);
        await readable(poller);
        continue;
      }
      return bytesRead > 0 ? { bytesRead, buffer } : bindingRead(buffer, offset, length);
    }
  };
  return port;
}
