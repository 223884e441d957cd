// @ts-check
/**
 * A small MQTT 3.1.1 client over WebSocket for the console (the `mqtt` package's browser bundle is
 * larger than the whole console): CONNECT with a clean session, SUBSCRIBE, PUBLISH at QoS 0 and 1
 * with PUBACK both ways, PINGREQ keepalive, and reconnection with a doubling, jittered delay that
 * subscribes again. Packet layouts are MQTT 3.1.1 §2-§3; WebSocket framing is §6 (binary messages,
 * subprotocol "mqtt").
 */

const enc = new TextEncoder();
const dec = new TextDecoder();

/** @typedef {"connecting" | "online" | "offline" | "closed"} Status */
/**
 * @typedef {object} ClientOptions
 * @property {string} url ws:// or wss:// address of the broker's MQTT endpoint
 * @property {string} clientId
 * @property {string} [username]
 * @property {string} [password]
 * @property {number} [keepaliveS] seconds between PINGREQs when idle (§3.1.2.10); default 30
 * @property {number} [minDelayMs] first reconnection delay; default 500
 * @property {number} [maxDelayMs] longest reconnection delay; default 10000
 * @property {typeof WebSocket} [WebSocket] the WebSocket class (the `ws` package's in node)
 */

/** The remaining-length encoding (§2.2.3). @param {number} n @returns {number[]} */
export function remainingLength(n) {
  const out = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** @param {string | Uint8Array} s a length-prefixed field (§1.5.3) */
function field(s) {
  const bytes = typeof s === "string" ? enc.encode(s) : s;
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
}

/** @param {number} type first byte @param {number[] | Uint8Array} body */
function packet(type, body) {
  const head = [type, ...remainingLength(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** @param {number} id */
const u16 = (id) => [id >> 8, id & 0xff];

/**
 * Split a byte stream into packets: returns the complete ones and what is left over.
 * @param {Uint8Array} buf
 * @returns {{ packets: { type: number, flags: number, body: Uint8Array }[], rest: Uint8Array }}
 */
export function splitPackets(buf) {
  const packets = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    let len = 0;
    let mult = 1;
    let i = at + 1;
    let done = false;
    for (; i < buf.length && i < at + 5; i++) {
      const b = /** @type {number} */ (buf[i]);
      len += (b & 0x7f) * mult;
      mult *= 128;
      if ((b & 0x80) === 0) {
        done = true;
        i++;
        break;
      }
    }
    if (!done || buf.length < i + len) break;
    const first = /** @type {number} */ (buf[at]);
    packets.push({ type: first >> 4, flags: first & 0x0f, body: buf.subarray(i, i + len) });
    at = i + len;
  }
  return { packets, rest: buf.slice(at) };
}

export class MqttClient {
  /** @param {ClientOptions} opts */
  constructor(opts) {
    this.opts = { keepaliveS: 30, minDelayMs: 500, maxDelayMs: 10_000, ...opts };
    /** @type {Status} */
    this.status = "closed";
    /** @type {Map<string, 0 | 1>} */
    this.subscriptions = new Map();
    /** @type {Map<number, { resolve: () => void, reject: (e: Error) => void }>} */
    this.pending = new Map();
    /** @type {Set<(topic: string, payload: Uint8Array) => void>} */
    this.messageListeners = new Set();
    /** @type {Set<(status: Status) => void>} */
    this.statusListeners = new Set();
    this.nextId = 1;
    this.attempt = 0;
    /** @type {WebSocket | null} */
    this.ws = null;
    /** @type {Uint8Array} bytes received that do not make a whole packet yet */
    this.buf = new Uint8Array(0);
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.lastSent = 0;
    this.awaitingPong = false;
  }

  /** @param {(topic: string, payload: Uint8Array) => void} fn */
  onMessage(fn) {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  /** @param {(status: Status) => void} fn */
  onStatus(fn) {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** Connect, and keep reconnecting until `close`. */
  start() {
    if (this.status !== "closed") return;
    this.open();
  }

  /** @param {string} filter @param {0 | 1} [qos] */
  subscribe(filter, qos = 0) {
    this.subscriptions.set(filter, qos);
    if (this.status === "online") this.send(packet(0x82, [...u16(this.id()), ...field(filter), qos]));
  }

  /**
   * Publish; resolves once sent (QoS 0) or acknowledged (QoS 1), rejects when offline or when the
   * connection drops before the PUBACK (a clean session does not resend it).
   * @param {string} topic @param {string | Uint8Array} payload @param {0 | 1} [qos]
   * @returns {Promise<void>}
   */
  publish(topic, payload, qos = 0) {
    if (this.status !== "online") return Promise.reject(new Error("not connected"));
    const body = typeof payload === "string" ? enc.encode(payload) : payload;
    if (qos === 0) {
      this.send(packet(0x30, [...field(topic), ...body]));
      return Promise.resolve();
    }
    const id = this.id();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(packet(0x32, [...field(topic), ...u16(id), ...body]));
    });
  }

  /** Disconnect (§3.14) and stop reconnecting. */
  close() {
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws !== null && ws.readyState === 1) ws.send(packet(0xe0, []));
    ws?.close();
    this.failPending("closed");
    this.setStatus("closed");
  }

  /** @private */
  id() {
    const id = this.nextId;
    this.nextId = id >= 0xffff ? 1 : id + 1;
    return id;
  }

  /** @private @param {Status} s */
  setStatus(s) {
    if (this.status === s) return;
    this.status = s;
    for (const fn of this.statusListeners) fn(s);
  }

  /** @private @param {Uint8Array} bytes */
  send(bytes) {
    if (this.ws === null || this.ws.readyState !== 1) return;
    this.ws.send(bytes);
    this.lastSent = Date.now();
  }

  /** @private */
  open() {
    this.setStatus("connecting");
    const Ctor = this.opts.WebSocket ?? WebSocket;
    const ws = new Ctor(this.opts.url, "mqtt");
    this.ws = ws;
    this.buf = new Uint8Array(0);
    this.awaitingPong = false;
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      const { username, password, clientId, keepaliveS } = this.opts;
      const flags = 0x02 | (username ? 0x80 : 0) | (password ? 0x40 : 0);
      const payload = [...field(clientId), ...(username ? field(username) : []), ...(password ? field(password) : [])];
      this.send(packet(0x10, [...field("MQTT"), 4, flags, ...u16(keepaliveS), ...payload]));
    };
    ws.onmessage = (ev) => this.receive(new Uint8Array(/** @type {ArrayBuffer} */ (ev.data)));
    ws.onclose = () => this.lost(ws);
    ws.onerror = () => ws.close();
  }

  /** @private @param {WebSocket} ws */
  lost(ws) {
    if (this.ws !== ws) return;
    this.ws = null;
    clearTimeout(this.timer);
    this.failPending("connection lost");
    this.setStatus("offline");
    const { minDelayMs, maxDelayMs } = this.opts;
    const delay = Math.min(maxDelayMs, minDelayMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 20);
    // Up to a quarter more, so consoles cut off together do not all come back in the same instant.
    this.timer = setTimeout(() => this.open(), delay * (1 + Math.random() / 4));
  }

  /** @private Close the connection now, without waiting for the closing handshake of a dead link. */
  drop() {
    const ws = this.ws;
    if (ws === null) return;
    ws.close();
    this.lost(ws);
  }

  /** @private @param {string} why */
  failPending(why) {
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
  }

  /** @private @param {Uint8Array} data */
  receive(data) {
    const joined = new Uint8Array(this.buf.length + data.length);
    joined.set(this.buf, 0);
    joined.set(data, this.buf.length);
    const { packets, rest } = splitPackets(joined);
    this.buf = rest;
    for (const p of packets) this.handle(p.type, p.flags, p.body);
  }

  /** @private @param {number} type @param {number} flags @param {Uint8Array} body */
  handle(type, flags, body) {
    if (type === 2) return this.connack(body);
    if (type === 3) return this.message(flags, body);
    if (type === 4) {
      const id = ((body[0] ?? 0) << 8) | (body[1] ?? 0);
      this.pending.get(id)?.resolve();
      this.pending.delete(id);
    }
    if (type === 13) this.awaitingPong = false;
  }

  /** @private @param {Uint8Array} body */
  connack(body) {
    if (body[1] !== 0) {
      // Refused (§3.2.2.3): try again later, as after a lost connection.
      return this.drop();
    }
    this.attempt = 0;
    this.setStatus("online");
    for (const [filter, qos] of this.subscriptions) this.send(packet(0x82, [...u16(this.id()), ...field(filter), qos]));
    this.keepalive();
  }

  /** @private @param {number} flags @param {Uint8Array} body */
  message(flags, body) {
    const qos = (flags >> 1) & 3;
    const tlen = ((body[0] ?? 0) << 8) | (body[1] ?? 0);
    const topic = dec.decode(body.subarray(2, 2 + tlen));
    let at = 2 + tlen;
    if (qos > 0) {
      this.send(packet(0x40, [body[at] ?? 0, body[at + 1] ?? 0]));
      at += 2;
    }
    const payload = body.subarray(at);
    for (const fn of this.messageListeners) fn(topic, payload);
  }

  /** @private A PINGREQ when nothing was sent for half the keepalive; no PINGRESP by the next check: the link is dead. */
  keepalive() {
    const half = (this.opts.keepaliveS * 1000) / 2;
    this.timer = setTimeout(() => {
      if (this.status !== "online") return;
      if (this.awaitingPong) return this.drop();
      if (Date.now() - this.lastSent >= half) {
        this.awaitingPong = true;
        this.send(packet(0xc0, []));
      }
      this.keepalive();
    }, half);
  }
}
