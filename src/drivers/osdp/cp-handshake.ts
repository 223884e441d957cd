/**
 * The control panel's side of one Secure Channel handshake (OSDP 2.2 Annex D): osdp_CHLNG with
 * RND.A, the check of the device's osdp_CCRYPT, osdp_SCRYPT, and the check of osdp_RMAC_I that
 * opens the session. A device that answers with the default key when another was asked for is
 * reported, never accepted.
 */

import { Scs } from "./codes.js";
import { challenge, serverCrypt, type OsdpCommand } from "./commands.js";
import type { KeyType } from "./cp-notices.js";
import type { OsdpReply } from "./replies.js";
import { RANDOM_LENGTH, SCBK_D, type SessionKeys } from "./secure-channel.js";
import { checkClientCryptogram, checkInitialReplyMac, handshakeBlock, type SecureSession } from "./secure-session.js";

/** A handshake command and the security block it travels with. */
export interface HandshakeStep {
  command: OsdpCommand;
  scb: Uint8Array;
}

/** Why a handshake failed. */
export type HandshakeError = "default_key_offered" | "client_cryptogram_mismatch" | "initial_mac_mismatch" | "bad_reply";

type Step<T> = ({ ok: true } & T) | { ok: false; error: HandshakeError };

/** The outcome when there is no handshake to answer. */
export const NO_HANDSHAKE = { ok: false, error: "bad_reply" } as const;

const CCRYPT_BLOCK = Scs.CCRYPT;
const RMAC_BLOCK = Scs.RMAC_I;

export class Handshake {
  private readonly cpRandom: Uint8Array;
  private keys: SessionKeys | null = null;
  private serverCryptogram: Uint8Array | null = null;
  /** osdp_SCRYPT, once osdp_CCRYPT checked. */
  private scrypt: HandshakeStep | null = null;

  constructor(
    private readonly key: Uint8Array,
    readonly keyType: KeyType,
    random: (n: number) => Uint8Array,
  ) {
    this.cpRandom = random(RANDOM_LENGTH);
  }

  private get defaultKey(): boolean {
    return this.keyType === "scbk_d";
  }

  /** OSDP 2.2 Annex D step 1: osdp_CHLNG with RND.A under SCS_11. */
  challenge(): HandshakeStep {
    const c = challenge(this.cpRandom);
    if (!c.ok) throw new Error(c.error); // RND.A is made here with the right length
    return { command: c.command, scb: handshakeBlock(Scs.CHLNG, this.defaultKey) };
  }

  /** OSDP 2.2 Annex D step 3: osdp_SCRYPT (SCS_13), once `onClientCrypt` accepted the device. */
  serverCrypt(): HandshakeStep | null {
    return this.scrypt;
  }

  /** OSDP 2.2 Annex D step 2: checks osdp_CCRYPT (SCS_12) and prepares osdp_SCRYPT. */
  onClientCrypt(reply: OsdpReply, scb: Uint8Array | null): Step<object> {
    if (reply.type !== "ccrypt" || scb?.[1] !== CCRYPT_BLOCK) return { ok: false, error: "bad_reply" };
    // The block's data byte says which key the device used: 0 is SCBK-D.
    if (!this.defaultKey && scb[2] === 0) return { ok: false, error: "default_key_offered" };
    const r = checkClientCryptogram(this.key, this.cpRandom, reply.pdRandom, reply.clientCryptogram);
    if (!r.ok) {
      // A device reset to factory answers under SCBK-D whatever it announces: that is still a downgrade.
      const underDefault = checkClientCryptogram(SCBK_D, this.cpRandom, reply.pdRandom, reply.clientCryptogram);
      return { ok: false, error: !this.defaultKey && underDefault.ok ? "default_key_offered" : r.error };
    }
    this.keys = r.keys;
    this.serverCryptogram = r.serverCryptogram;
    const c = serverCrypt(r.serverCryptogram);
    if (!c.ok) throw new Error(c.error); // the cryptogram is one AES block
    this.scrypt = { command: c.command, scb: handshakeBlock(Scs.SCRYPT, this.defaultKey) };
    return { ok: true };
  }

  /** OSDP 2.2 Annex D step 4: checks osdp_RMAC_I (SCS_14); the session starts from it. */
  onInitialMac(reply: OsdpReply, scb: Uint8Array | null): Step<{ session: SecureSession }> {
    if (reply.type !== "rmac_i" || scb?.[1] !== RMAC_BLOCK || !this.keys || !this.serverCryptogram) {
      return { ok: false, error: "bad_reply" };
    }
    const r = checkInitialReplyMac(this.keys, this.serverCryptogram, reply.mac);
    return r.ok ? { ok: true, session: r.session } : { ok: false, error: r.error };
  }
}

