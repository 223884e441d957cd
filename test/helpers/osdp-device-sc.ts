import { Scs } from "../../src/drivers/osdp/codes.js";
import {
  clientCryptogram,
  deriveSessionKeys,
  initialReplyMac,
  SCBK_D,
  sameBytes,
  serverCryptogram,
  type SessionKeys,
} from "../../src/drivers/osdp/secure-channel.js";
import { handshakeBlock, SecureSession } from "../../src/drivers/osdp/secure-session.js";

/** A reply the device side of the handshake wants sent: code, data and security block. */
export interface DeviceStep {
  code: number;
  data: Uint8Array;
  scb: Uint8Array | null;
  /** Sent in clear even inside a session (a device that gets it wrong). */
  clear?: boolean;
}

const CCRYPT = 0x76;
const RMAC_I = 0x78;
const NAK = 0x41;

/**
 * The device's side of the Secure Channel handshake (OSDP 2.2 Annex D), as a simulated reader
 * runs it: answers osdp_CHLNG with osdp_CCRYPT under its key (SCBK-D when it has none) and
 * osdp_SCRYPT with osdp_RMAC_I, after which the session is up.
 */
export class DeviceHandshake {
  private pending: { keys: SessionKeys; cpRandom: Uint8Array; pdRandom: Uint8Array } | null = null;

  /** `key` null: a reader fresh from the factory, on SCBK-D. */
  constructor(private readonly key: Uint8Array | null) {}

  /** osdp_CHLNG → osdp_CCRYPT, with the block's data byte saying whether SCBK-D is in use. */
  challenge(cpRandom: Uint8Array, pdRandom: Uint8Array): DeviceStep {
    const keys = deriveSessionKeys(this.key ?? SCBK_D, cpRandom);
    this.pending = { keys, cpRandom, pdRandom };
    const uid = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const data = new Uint8Array([...uid, ...pdRandom, ...clientCryptogram(keys, cpRandom, pdRandom)]);
    return { code: CCRYPT, data, scb: handshakeBlock(Scs.CCRYPT, this.key === null) };
  }

  /** osdp_SCRYPT → osdp_RMAC_I and the session, or a NAK (reason 6) for a wrong cryptogram. */
  serverCrypt(cryptogram: Uint8Array): { step: DeviceStep; session: SecureSession | null } {
    const p = this.pending;
    this.pending = null;
    if (!p || !sameBytes(cryptogram, serverCryptogram(p.keys, p.cpRandom, p.pdRandom))) {
      return { step: { code: NAK, data: Uint8Array.of(6), scb: null }, session: null };
    }
    const rmac = initialReplyMac(p.keys, cryptogram);
    return {
      step: { code: RMAC_I, data: rmac, scb: handshakeBlock(Scs.RMAC_I, this.key === null) },
      session: new SecureSession(p.keys, rmac),
    };
  }
}
