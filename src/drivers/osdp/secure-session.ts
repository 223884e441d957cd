/**
 * One Secure Channel session: the control panel's side of the handshake checks and, once it is
 * established, the MAC chain that seals outgoing packets and opens incoming ones. No I/O and no
 * clock; a failure is a returned value, after which the caller drops the session (OSDP 2.2 Annex D:
 * a MAC or decryption failure ends the secure channel) and restarts at sequence 0.
 */

import { Scs } from "./codes.js";
import { buildFrame, MAC_LENGTH, type BuildResult, type Frame, type FrameSpec } from "./frame.js";
import {
  BLOCK,
  clientCryptogram,
  decryptData,
  deriveSessionKeys,
  encryptData,
  initialReplyMac,
  packetMac,
  sameBytes,
  serverCryptogram,
  type SessionKeys,
} from "./secure-channel.js";

/** Which way a packet travels: a command (CP to device) or a reply. */
export type Direction = "command" | "reply";

/**
 * OSDP 2.2 Annex D: the security block of a handshake packet (SCS_11–14). Its data byte says
 * which key is in use: 1 for the device's own SCBK, 0 for the install-mode SCBK-D.
 */
export function handshakeBlock(type: number, defaultKey: boolean): Uint8Array {
  return Uint8Array.of(3, type, defaultKey ? 0 : 1);
}

/** The CP's next step after osdp_CCRYPT, or why the device is not trusted. */
export type CcryptCheck =
  | { ok: true; keys: SessionKeys; serverCryptogram: Uint8Array }
  | { ok: false; error: "client_cryptogram_mismatch" };

/**
 * OSDP 2.2 Annex D, step 2: derive the session keys from the key and RND.A, check the device's
 * client cryptogram, and compute the server cryptogram to send with osdp_SCRYPT.
 */
export function checkClientCryptogram(
  scbk: Uint8Array,
  cpRandom: Uint8Array,
  pdRandom: Uint8Array,
  cryptogram: Uint8Array,
): CcryptCheck {
  const keys = deriveSessionKeys(scbk, cpRandom);
  if (!sameBytes(cryptogram, clientCryptogram(keys, cpRandom, pdRandom))) {
    return { ok: false, error: "client_cryptogram_mismatch" };
  }
  return { ok: true, keys, serverCryptogram: serverCryptogram(keys, cpRandom, pdRandom) };
}

/** The session once osdp_RMAC_I is checked, or why it is refused. */
export type RmacCheck = { ok: true; session: SecureSession } | { ok: false; error: "initial_mac_mismatch" };

/** OSDP 2.2 Annex D, step 4: check the device's initial R-MAC; the session starts from it. */
export function checkInitialReplyMac(keys: SessionKeys, serverCrypt: Uint8Array, rmacI: Uint8Array): RmacCheck {
  const expected = initialReplyMac(keys, serverCrypt);
  if (!sameBytes(rmacI, expected)) return { ok: false, error: "initial_mac_mismatch" };
  return { ok: true, session: new SecureSession(keys, expected) };
}

/** Why an incoming packet was refused. */
export type OpenError = "not_secure" | "wrong_block_type" | "bad_mac" | "not_block_aligned" | "bad_padding";

/** An incoming packet's code and clear data, or why it was refused. */
export type OpenResult = { ok: true; code: number; data: Uint8Array } | { ok: false; error: OpenError };

/** OSDP 2.2 Annex D: block types by direction, [MAC only, MAC and encrypted data]. */
const TYPES: Record<Direction, readonly [number, number]> = {
  command: [Scs.COMMAND_MAC, Scs.COMMAND_ENCRYPTED],
  reply: [Scs.REPLY_MAC, Scs.REPLY_ENCRYPTED],
};

/**
 * The MAC chain of an established session. Each command's MAC starts from the last reply MAC
 * (R-MAC, first RMAC_I) and each reply's from the command MAC (C-MAC) it answers, so a packet
 * replayed, dropped or reordered breaks the chain. A session is used by one side: the CP seals
 * commands and opens replies; a device (or a test standing in for one) does the opposite.
 */
export class SecureSession {
  /** Last command MAC, 16 bytes; zero until the first command. */
  private cmac: Uint8Array = new Uint8Array(BLOCK);
  /** Last reply MAC, 16 bytes; RMAC_I until the first reply. */
  private rmac: Uint8Array;

  constructor(
    private readonly keys: SessionKeys,
    initialRmac: Uint8Array,
  ) {
    this.rmac = initialRmac.slice();
  }

  /** The MAC a packet travelling `direction` chains from. */
  private chainFrom(direction: Direction): Uint8Array {
    return direction === "command" ? this.rmac : this.cmac;
  }

  private record(direction: Direction, mac: Uint8Array): void {
    if (direction === "command") this.cmac = mac;
    else this.rmac = mac;
  }

  /**
   * Builds a packet under the session: SCS_15/16 when there is no data, else SCS_17/18 with the
   * data encrypted; MAC and CRC appended. The chain moves on only when the packet was built.
   */
  seal(direction: Direction, spec: Omit<FrameSpec, "scb" | "check">): BuildResult {
    const from = this.chainFrom(direction);
    const data = spec.data ?? new Uint8Array(0);
    const [macOnly, encrypted] = TYPES[direction];
    const withData = data.length > 0;
    const signed: { mac?: Uint8Array } = {};
    const built = buildFrame(
      {
        ...spec,
        check: "crc",
        scb: Uint8Array.of(2, withData ? encrypted : macOnly),
        data: withData ? encryptData(this.keys, from, data) : data,
      },
      (input) => (signed.mac = packetMac(this.keys, from, input)),
    );
    if (built.ok && signed.mac) this.record(direction, signed.mac);
    return built;
  }

  /** Checks a received packet's MAC, moves the chain on, and decrypts its data when encrypted. */
  open(direction: Direction, frame: Frame): OpenResult {
    const type = frame.scb?.[1];
    if (type === undefined || frame.mac === null) return { ok: false, error: frame.scb ? "wrong_block_type" : "not_secure" };
    const [macOnly, encrypted] = TYPES[direction];
    if (type !== macOnly && type !== encrypted) return { ok: false, error: "wrong_block_type" };
    const from = this.chainFrom(direction);
    const mac = packetMac(this.keys, from, frame.macInput);
    if (!sameBytes(frame.mac, mac.subarray(0, MAC_LENGTH))) return { ok: false, error: "bad_mac" };
    this.record(direction, mac);
    if (type === macOnly) return { ok: true, code: frame.code, data: frame.data };
    const clear = decryptData(this.keys, from, frame.data);
    return clear.ok ? { ok: true, code: frame.code, data: clear.data } : clear;
  }
}
