import { Duplex } from "node:stream";
import type { MessagePort } from "node:worker_threads";

/**
 * A connection carried between two threads over a MessagePort: each chunk one message, `null` for
 * the end. One thread keeps the real stream (`pipeStreamToPort`); the other gets a Duplex standing
 * for it (`portStream`). Either side ending or failing ends both.
 */

/** Carry `stream`'s bytes to `port` and the port's to the stream, until either ends. */
export function pipeStreamToPort(stream: Duplex, port: MessagePort): void {
  let open = true;
  const end = (): void => {
    if (!open) return;
    open = false;
    port.postMessage(null);
    port.close();
  };
  stream.on("data", (chunk: Buffer) => {
    if (open) port.postMessage(new Uint8Array(chunk));
  });
  stream.once("end", end);
  stream.once("close", end);
  stream.once("error", end);
  port.on("message", (chunk: Uint8Array | null) => {
    if (chunk === null) {
      open = false;
      port.close();
      stream.destroy();
    } else stream.write(chunk);
  });
}

/** A Duplex in this thread for the stream piped to `port` from another; `remoteAddress` is the peer's address. */
export function portStream(port: MessagePort, remoteAddress: string | undefined): Duplex {
  let open = true;
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      if (open) port.postMessage(new Uint8Array(chunk));
      done();
    },
    final(done) {
      close();
      done();
    },
    destroy(err, done) {
      close();
      done(err);
    },
  });
  const close = (): void => {
    if (!open) return;
    open = false;
    port.postMessage(null);
    port.close();
  };
  Object.defineProperty(stream, "remoteAddress", { value: remoteAddress, enumerable: true });
  port.on("message", (chunk: Uint8Array | null) => {
    if (chunk === null) {
      open = false;
      port.close();
      stream.push(null);
      stream.destroy();
    } else stream.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  return stream;
}
