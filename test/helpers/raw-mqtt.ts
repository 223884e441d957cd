import { connect, type Socket } from "node:net";
import { remainingLength as encodeRemainingLength } from "../../web/mqtt.js";

/** What a raw connection got back: a CONNACK's return code, or a close without one. */
export type RawOutcome = number | "closed";

/** An MQTT string or binary field: 2-byte length, then the bytes (MQTT 3.1.1 §1.5.3). */
function field(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The remaining-length encoding of MQTT 3.1.1 §2.2.3 (the console's client encodes it the same way). */
export function remainingLength(n: number): Buffer {
  return Buffer.from(encodeRemainingLength(n));
}

/** An MQTT 3.1.1 CONNECT packet, clean session, written by hand so tests control every field. */
export function connectPacket(opts: { clientId: string; keepalive: number; username?: string; password?: string }): Buffer {
  let flags = 0x02;
  if (opts.username !== undefined) flags |= 0x80;
  if (opts.password !== undefined) flags |= 0x40;
  const keepalive = Buffer.alloc(2);
  keepalive.writeUInt16BE(opts.keepalive);
  const body = Buffer.concat([
    field("MQTT"),
    Buffer.from([4, flags]),
    keepalive,
    field(opts.clientId),
    ...(opts.username === undefined ? [] : [field(opts.username)]),
    ...(opts.password === undefined ? [] : [field(opts.password)]),
  ]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

/** A PUBLISH at QoS 0 (MQTT 3.1.1 §3.3). */
export function publishPacket(topic: string, payload: Buffer | string): Buffer {
  const body = Buffer.concat([field(topic), Buffer.from(payload)]);
  return Buffer.concat([Buffer.from([0x30]), remainingLength(body.length), body]);
}

/** An open TCP connection to the broker, from `localAddress` (any 127.x.y.z on Linux) when given. */
export function rawSocket(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1", ...(localAddress === undefined ? {} : { localAddress }) });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** The CONNACK return code the broker answers `bytes` with, or "closed" when it closes without one. */
export function connackOf(socket: Socket, bytes: Buffer): Promise<RawOutcome> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 4 && got[0] === 0x20) resolve(got[3] ?? "closed");
    });
    socket.once("close", () => resolve("closed"));
    socket.on("error", () => undefined);
    socket.write(bytes);
  });
}

/** Connect, send CONNECT, read the CONNACK, then DISCONNECT and close: one churned connection. */
export async function rawLogin(port: number, connect: Buffer, localAddress?: string): Promise<RawOutcome> {
  const socket = await rawSocket(port, localAddress);
  try {
    const outcome = await connackOf(socket, connect);
    if (outcome === 0) socket.write(Buffer.from([0xe0, 0x00]));
    return outcome;
  } finally {
    socket.end();
    socket.destroy();
  }
}
