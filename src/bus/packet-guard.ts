import type { Duplex } from "node:stream";
import { filtersWellFormed, SUBSCRIBE, UNSUBSCRIBE } from "./filter-strings.js";

/** Outcome of feeding bytes to a packet-size guard. */
export type PacketCheck =
  | { ok: true }
  /**
   * A packet announced a remaining length above the limit, its length field is malformed, or a
   * (UN)SUBSCRIBE holds a topic filter that is not a well-formed MQTT UTF-8 string (see filter-strings.ts).
   */
  | { ok: false; reason: "too_large" | "malformed" | "bad_utf8"; length: number };

/** Follows MQTT packet boundaries in a byte stream without buffering it. */
export interface PacketSizeGuard {
  /** Feed the next chunk; after the first refusal the guard keeps refusing. */
  push(chunk: Buffer): PacketCheck;
}

/** MQTT 3.1.1 §2.2.3: the remaining length takes at most four bytes. */
const MAX_LENGTH_BYTES = 4;

/**
 * A guard that refuses as soon as a packet's fixed header announces a remaining length above `limit`
 * (MQTT 3.1.1 §2.2.3: one type byte, then a base-128 length of 1–4 bytes, low 7 bits first, bit 7 set
 * when another byte follows), and refuses a SUBSCRIBE or UNSUBSCRIBE once its body is in when one of
 * its filters is not well-formed UTF-8. It holds no bytes but the body of a (UN)SUBSCRIBE (a few
 * dozen bytes; at most `limit`): of every other packet it counts the body bytes to skip.
 */
export function createPacketSizeGuard(limit: number): PacketSizeGuard {
  let refused: PacketCheck | undefined;
  let skip = 0; // body bytes of the current packet still to pass
  let lengthBytes = -1; // -1: expecting a packet's type byte; else length bytes read so far
  let length = 0;
  let type = 0;
  let body: Buffer | null = null; // the body of a (UN)SUBSCRIBE being read, filled up to length - skip
  const checkBody = (): void => {
    if (body !== null && !filtersWellFormed(type, body)) refused = { ok: false, reason: "bad_utf8", length };
    body = null;
  };
  return {
    push(chunk) {
      let i = 0;
      while (refused === undefined && i < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - i);
          body?.set(chunk.subarray(i, i + n), length - skip);
          skip -= n;
          i += n;
          if (skip === 0) checkBody();
          continue;
        }
        const byte = chunk[i++] ?? 0;
        if (lengthBytes < 0) {
          lengthBytes = 0;
          length = 0;
          type = byte;
          continue;
        }
        length += (byte & 0x7f) * 128 ** lengthBytes++;
        const continues = (byte & 0x80) !== 0;
        if (length > limit) refused = { ok: false, reason: "too_large", length };
        else if (continues && lengthBytes === MAX_LENGTH_BYTES) refused = { ok: false, reason: "malformed", length };
        else if (!continues) {
          skip = length;
          lengthBytes = -1;
          body = type === SUBSCRIBE || type === UNSUBSCRIBE ? Buffer.alloc(length) : null;
          if (skip === 0) checkBody();
        }
      }
      return refused ?? { ok: true };
    },
  };
}

/**
 * Destroy `socket` as soon as a packet read from it is too large or malformed, or holds a topic
 * filter that is not well-formed UTF-8. aedes reads the socket
 * through a `readable` listener; a `data` listener added next to it sees every chunk aedes reads without
 * changing the flow (Node streams: `readable` keeps control when both are attached). The socket is
 * destroyed after at most one chunk past the header, so the parser never buffers a huge packet.
 */
export function guardSocket(socket: Duplex, limit: number, onRefused: (check: PacketCheck & { ok: false }) => void): void {
  const guard = createPacketSizeGuard(limit);
  const onData = (chunk: Buffer): void => {
    const check = guard.push(chunk);
    if (check.ok) return;
    socket.off("data", onData);
    socket.destroy();
    onRefused(check);
  };
  socket.on("data", onData);
}
