import { once } from "node:events";
import { connect as connectTcp, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../../src/bus/broker.js";
import { filtersWellFormed, isMqttUtf8, SUBSCRIBE, UNSUBSCRIBE } from "../../src/bus/filter-strings.js";
import { silentLogger } from "../../src/util/log.js";
import { closed } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const PREFIX = "gatehouse/test-site";
const cleanups = cleanupsAfterEach();

/** An MQTT UTF-8 string field: two-byte length, then the bytes. */
function field(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/** A whole packet: type byte, one-byte remaining length (bodies here stay under 128), body. */
function packet(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, body.length]), body]);
}

/** A SUBSCRIBE body: packet id 1, then each filter at QoS 0. */
function subscribeBody(...filters: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from([0, 1]), ...filters.map((f) => Buffer.concat([field(f), Buffer.from([0])]))]);
}

/** CONNECT, MQTT 3.1.1, clean session, no username (an anonymous viewer), keep-alive 60 s. */
function connectPacket(clientId: string): Buffer {
  const body = Buffer.concat([field(Buffer.from("MQTT")), Buffer.from([4, 0x02, 0, 60]), field(Buffer.from(clientId))]);
  return packet(0x10, body);
}

const filter = (suffix: Buffer): Buffer => Buffer.concat([Buffer.from(`${PREFIX}/`), suffix]);

/** Bytes that are not well-formed MQTT UTF-8: a lone continuation byte, 0xFF, a cut sequence, an overlong `/`, a surrogate, U+0000. */
const INVALID: readonly [string, Buffer][] = [
  ["a lone continuation byte", Buffer.from([0x80])],
  ["0xFF", Buffer.from([0xff])],
  ["a cut two-byte sequence", Buffer.from([0x61, 0xc3])],
  ["an overlong /", Buffer.from([0xc0, 0xaf])],
  ["an encoded surrogate", Buffer.from([0xed, 0xa0, 0x80])],
  ["U+0000", Buffer.from([0x61, 0x00])],
];

describe("filter strings", () => {
  it("accepts well-formed filters, U+FFFD written as such included", () => {
    expect(isMqttUtf8(Buffer.from("gatehouse/é/+/\uFFFD/#"))).toBe(true);
    expect(filtersWellFormed(SUBSCRIBE, subscribeBody(filter(Buffer.from("#")), filter(Buffer.from("é"))))).toBe(true);
    expect(filtersWellFormed(UNSUBSCRIBE, Buffer.concat([Buffer.from([0, 1]), field(filter(Buffer.from("#")))]))).toBe(true);
  });

  for (const [name, bytes] of INVALID) {
    it(`refuses ${name} in a SUBSCRIBE and an UNSUBSCRIBE`, () => {
      expect(filtersWellFormed(SUBSCRIBE, subscribeBody(filter(Buffer.from("#")), filter(bytes)))).toBe(false);
      expect(filtersWellFormed(UNSUBSCRIBE, Buffer.concat([Buffer.from([0, 1]), field(filter(bytes))]))).toBe(false);
    });
  }

  it("refuses a body whose lengths run past its end", () => {
    expect(filtersWellFormed(SUBSCRIBE, Buffer.from([0, 1, 0, 9, 0x61]))).toBe(false);
    expect(filtersWellFormed(SUBSCRIBE, Buffer.from([0, 1, 0, 1, 0x61]))).toBe(false);
  });
});

describe("a SUBSCRIBE with a filter that is not well-formed UTF-8 (MQTT 3.1.1 §1.5.3)", () => {
  async function connectRaw(b: Broker, clientId: string): Promise<{ socket: Socket; received: Buffer[] }> {
    const socket = connectTcp(b.port, "127.0.0.1");
    cleanups.push(() => void socket.destroy());
    socket.on("error", () => undefined);
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    await once(socket, "connect");
    socket.write(connectPacket(clientId));
    await expect.poll(() => Buffer.concat(received).subarray(0, 4)).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x00]));
    received.length = 0;
    return { socket, received };
  }

  async function start(): Promise<Broker> {
    const b = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users: [], anonymous: "viewer", simEnabled: false, log: silentLogger() });
    cleanups.push(() => b.close());
    return b;
  }

  for (const [name, bytes] of INVALID) {
    it(`closes the connection for ${name}, without a SUBACK`, async () => {
      const b = await start();
      const { socket, received } = await connectRaw(b, "raw-bad");
      const gone = closed(socket);
      socket.write(packet(SUBSCRIBE, subscribeBody(filter(bytes))));
      await gone;
      expect(Buffer.concat(received).includes(0x90)).toBe(false);
    });
  }

  it("answers a well-formed filter holding U+FFFD with a SUBACK and keeps the connection", async () => {
    const b = await start();
    const { socket, received } = await connectRaw(b, "raw-good");
    socket.write(packet(SUBSCRIBE, subscribeBody(filter(Buffer.from("\uFFFD")))));
    await expect.poll(() => Buffer.concat(received)).toEqual(Buffer.from([0x90, 0x03, 0x00, 0x01, 0x00]));
    expect(socket.destroyed).toBe(false);
  });
});
