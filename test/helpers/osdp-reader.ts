import { randomBytes } from "node:crypto";
import { Command, Reply, scsHasMac } from "../../src/drivers/osdp/codes.js";
import { checksum8, crc16 } from "../../src/drivers/osdp/crc.js";
import { buildFrame, CTRL_CRC, type Frame } from "../../src/drivers/osdp/frame.js";
import { FrameReader } from "../../src/drivers/osdp/frame-reader.js";
import type { SecureSession } from "../../src/drivers/osdp/secure-session.js";
import { DeviceHandshake, type DeviceStep } from "./osdp-device-sc.js";
import type { DeviceLine, WirePeer } from "./osdp-wire.js";

/** How a simulated reader starts. */
export interface SimReaderOptions {
  address: number;
  /** Its SCBK; null (default) for a reader fresh from the factory, on SCBK-D. */
  key?: Uint8Array | null;
  /** Whether its capabilities announce Secure Channel (default true). */
  secureChannel?: boolean;
  /** Time from the end of a command to its reply (default 5 ms). */
  latencyMs?: number;
}

const step = (code: number, data: number[] | Uint8Array = []): DeviceStep => ({ code, data: Uint8Array.from(data), scb: null });
const nak = (reason: number): DeviceStep => step(Reply.NAK, [reason]);

/**
 * A peripheral device speaking OSDP over a `DeviceLine` (the simulated bus): ID, CAP, POLL (ACK or a queued card read,
 * keypad entry or local status), LED/BUZ/TEXT/OUT, the Secure Channel handshake and KEYSET. A test
 * can make it go silent, refuse Secure Channel, corrupt a MAC, replay an old reply, change its
 * capabilities, or cut its replies into chunks.
 */
export class SimReader implements WirePeer {
  key: Uint8Array | null;
  /** Its address: the configured one until osdp_COMSET moves it. */
  address: number;
  /** The rate osdp_COMSET last set (9600 out of the box). */
  baud = 9600;
  /** Answers osdp_COMSET with these settings instead of those asked, and keeps its own. */
  comAnswer: { address: number; baud: number } | null = null;
  secureChannel: boolean;
  latencyMs: number;
  /** Stops answering (a cut cable, a dead reader). */
  silent = false;
  /** Answers osdp_CHLNG with NAK 5 (security block not supported). */
  refuseSc = false;
  /** The next reply's MAC gets one bit flipped (the CRC still checks). */
  corruptNextMac = false;
  /** Every reply under a session carries a wrong MAC (the handshake itself completes). */
  badMacs = false;
  /** The next reply is this reply again from that many exchanges back. */
  replayNext = 0;
  /** Answers the next commands with osdp_BUSY (in clear, sequence 0) without acting on them. */
  busyNext = 0;
  /** Answers the next command with osdp_NAK and this reason. */
  nakNext: number | null = null;
  /** The next reply goes with the 8-bit checksum instead of the CRC (in a session, too). */
  checksumNext = false;
  /** The next replies (resent ones included) are made and acted on, but lost on the wire. */
  loseReplies = 0;
  /** Answers osdp_KEYSET with NAK 9 (unable to process) and keeps its key. */
  refuseKeyset = false;
  /** Acknowledges KEYSET in clear, as some readers in the field do. */
  ackKeysetInClear = false;
  /** Replies cut into `count` chunks `gapMs` apart. */
  chunking: { count: number; gapMs: number } | null = null;
  /** Codes of the commands received, in order, after decryption. */
  readonly commands: number[] = [];
  private readonly rx = new FrameReader();
  private readonly events: DeviceStep[] = [];
  private readonly sent: Uint8Array[] = [];
  private session: SecureSession | null = null;
  /** The session osdp_RMAC_I opens: it applies from the next command, the RMAC_I itself goes in clear. */
  private opening: SecureSession | null = null;
  private handshake: DeviceHandshake | null = null;
  private last: { sequence: number; bytes: Uint8Array } | null = null;
  /** Settings osdp_COMSET asked for, taken once the osdp_COM reply is out. */
  private moving: { address: number; baud: number } | null = null;

  constructor(
    private readonly wire: DeviceLine,
    readonly options: SimReaderOptions,
  ) {
    this.key = options.key ?? null;
    this.address = options.address;
    this.secureChannel = options.secureChannel ?? true;
    this.latencyMs = options.latencyMs ?? 5;
    wire.attach(this);
  }

  /** Lengths of the replies sent, in order (mark byte included). */
  get sentLengths(): number[] {
    return this.sent.map((b) => b.length);
  }

  get secure(): boolean {
    return this.session !== null;
  }

  /** OSDP 2.2 §7 osdp_RAW: a card read of the given bits (Wiegand format). */
  queueCard(bits: string): void {
    const packed = new Uint8Array(Math.ceil(bits.length / 8));
    for (let i = 0; i < bits.length; i++) if (bits[i] === "1") packed[i >> 3] = (packed[i >> 3] ?? 0) | (0x80 >> (i & 7));
    this.events.push(step(Reply.RAW, [0, 1, bits.length & 0xff, bits.length >> 8, ...packed]));
  }

  /** OSDP 2.2 §7 osdp_KEYPAD: digits as ASCII. */
  queueKeypad(digits: string): void {
    this.events.push(step(Reply.KEYPAD, [0, digits.length, ...Array.from(digits, (c) => c.charCodeAt(0))]));
  }

  /** OSDP 2.2 §7 osdp_LSTATR: tamper and power status. */
  queueLocalStatus(tamper: boolean, powerFailure: boolean): void {
    this.events.push(step(Reply.LSTATR, [tamper ? 1 : 0, powerFailure ? 1 : 0]));
  }

  hear(bytes: Uint8Array): void {
    for (const r of this.rx.push(bytes)) {
      if (r.kind === "frame" && !r.frame.reply && r.frame.address === this.address) this.answer(r.frame);
    }
  }

  private answer(frame: Frame): void {
    if (this.silent) return;
    // OSDP 2.2 §5: the same sequence number again means the reply was lost: send it again.
    if (frame.sequence !== 0 && this.last?.sequence === frame.sequence) return this.transmit(this.last.bytes);
    if (this.busyNext > 0) {
      this.busyNext--;
      const busy = buildFrame({ address: this.address, reply: true, sequence: 0, code: Reply.BUSY });
      if (busy.ok) this.transmit(busy.bytes);
      return;
    }
    if (frame.sequence === 0) this.session = null; // OSDP 2.2 §5: sequence 0 resets the device's state
    let code = frame.code;
    let data = frame.data;
    if (frame.scb && scsHasMac(frame.scb[1] ?? 0)) {
      const opened = this.session?.open("command", frame);
      if (!opened?.ok) {
        this.session = null;
        return this.reply(frame, nak(6));
      }
      ({ code, data } = opened);
    } else if (this.session && code !== Command.CHLNG && code !== Command.ID && code !== Command.CAP) {
      this.session = null; // a command in clear ends the session
    }
    this.commands.push(code);
    this.reply(frame, this.respond(code, data));
  }

  private respond(code: number, data: Uint8Array): DeviceStep {
    if (this.nakNext !== null) {
      const reason = this.nakNext;
      this.nakNext = null;
      return nak(reason);
    }
    switch (code) {
      case Command.ID:
        return step(Reply.PDID, [0x0a, 0x0b, 0x0c, 1, 2, 0x78, 0x56, 0x34, 0x12, 1, 0, 7]);
      case Command.CAP:
        // Function 8 CRC, 9 Secure Channel (compliance bit 0), 10 receive buffer 1024 bytes.
        return step(Reply.PDCAP, [8, 1, 0, 9, this.secureChannel ? 1 : 0, 0, 10, 0, 4]);
      case Command.POLL:
        return this.events.shift() ?? step(Reply.ACK);
      case Command.LSTAT:
        return step(Reply.LSTATR, [0, 0]);
      case Command.LED:
      case Command.BUZ:
      case Command.TEXT:
      case Command.OUT:
        return step(Reply.ACK);
      case Command.CHLNG:
        if (this.refuseSc || !this.secureChannel) return nak(5);
        this.session = null;
        this.handshake = new DeviceHandshake(this.key);
        return this.handshake.challenge(data, new Uint8Array(randomBytes(8)));
      case Command.SCRYPT: {
        const r = this.handshake?.serverCrypt(data) ?? { step: nak(6), session: null };
        this.opening = r.session;
        return r.step;
      }
      case Command.COMSET: {
        // OSDP 2.2 §6: address, then the rate LE32; the reply osdp_COM goes out under the old settings.
        if (data.length !== 5) return nak(2);
        const asked = { address: data[0] ?? 0, baud: Buffer.from(data).readUInt32LE(1) };
        const answer = this.comAnswer ?? asked;
        if (this.comAnswer === null) this.moving = asked;
        const baud = Buffer.alloc(4);
        baud.writeUInt32LE(answer.baud);
        return step(Reply.COM, [answer.address, ...baud]);
      }
      case Command.KEYSET:
        // OSDP Verified: KEYSET only inside a session; type 1, length 16, the key.
        if (!this.session || data.length !== 18) return nak(6);
        if (this.refuseKeyset) return nak(9);
        this.key = data.slice(2);
        return { ...step(Reply.ACK), clear: this.ackKeysetInClear };
      default:
        return nak(3);
    }
  }

  private reply(frame: Frame, s: DeviceStep): void {
    const spec = { address: this.address, reply: true, sequence: frame.sequence, code: s.code, data: s.data };
    const built = this.session && !s.clear ? this.session.seal("reply", spec) : buildFrame({ ...spec, scb: s.scb });
    if (!built.ok) throw new Error(built.error);
    let bytes = built.bytes;
    if ((this.corruptNextMac || this.badMacs) && this.session) bytes = withFlippedMac(bytes);
    this.corruptNextMac = false;
    if (this.checksumNext) bytes = withChecksum(bytes);
    this.checksumNext = false;
    if (this.replayNext > 0) bytes = this.sent.at(-this.replayNext) ?? bytes;
    this.replayNext = 0;
    this.session = this.opening ?? this.session;
    this.opening = null;
    this.sent.push(bytes);
    this.last = { sequence: frame.sequence, bytes };
    this.transmit(bytes);
    if (this.moving) ({ address: this.address, baud: this.baud } = this.moving);
    this.moving = null;
  }

  private transmit(bytes: Uint8Array): void {
    if (this.loseReplies > 0) return void this.loseReplies--;
    const c = this.chunking;
    this.wire.send(bytes, this.latencyMs, c?.count ?? 1, c?.gapMs ?? 0);
  }
}

/** A sealed reply with one MAC bit flipped and the CRC recomputed: only the MAC check can catch it. */
function withFlippedMac(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const end = out.length - 2;
  out[end - 1] = (out[end - 1] ?? 0) ^ 0x01;
  const crc = crc16(out, 1, end); // from SOM: byte 0 is the mark
  out[end] = crc & 0xff;
  out[end + 1] = crc >> 8;
  return out;
}

/** A packet (mark byte first) rewritten to end in the checksum: CTRL's CRC bit cleared, length one less. */
function withChecksum(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice(0, bytes.length - 1);
  const length = out.length - 1; // from SOM
  out[3] = length & 0xff;
  out[4] = length >> 8;
  out[5] = (out[5] ?? 0) & ~CTRL_CRC;
  out[out.length - 1] = checksum8(out, 1, out.length - 1);
  return out;
}
