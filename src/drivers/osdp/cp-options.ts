/**
 * Control panel settings: per-reader configuration and the bus timing, with the defaults and
 * the reason for each number.
 */

/**
 * Secure Channel policy of one reader.
 * - `required`: after pairing nothing but ID, CAP, COMSET and CHLNG goes in clear; SCBK-D refused.
 * - `install`: SCBK-D accepted inside a time-boxed window, then a random key is set with KEYSET
 *   and the reader is treated as `required`.
 * - `plaintext`: no Secure Channel, chosen explicitly for readers that cannot do it.
 */
export type SecurePolicy = "required" | "install" | "plaintext";

/** One reader on the bus. */
export interface ReaderConfig {
  /** OSDP address, 0x00–0x7E. */
  address: number;
  /** Default `required`. */
  secure?: SecurePolicy;
}

/** Bus timing and limits; every field optional. */
export interface CpOptions {
  /** OSDP 2.2 §5: a device starts its reply within 200 ms. */
  replyTimeoutMs?: number;
  /**
   * Longest quiet gap inside one reply. USB-RS485 adapters deliver bytes in clumps with gaps of
   * 50–110 ms measured at 57,600 baud, so the spec's 20 ms fails; ~150 ms is the usual
   * "buffered transport" value.
   */
  interCharacterMs?: number;
  /**
   * Hard cap on one exchange from send to the end of the reply, so a babbling device cannot hold
   * the bus. A 1440-byte reply (the largest a CP must accept) takes 1.5 s at 9600 baud.
   */
  exchangeLimitMs?: number;
  /** Period between polls of one online reader (the domain reference: about every 50 ms). */
  pollIntervalMs?: number;
  /**
   * Wait before a command that got no reply is sent again. Two reply timeouts: a silent reader
   * then takes at most a third of the bus time, so the others keep their poll period within 2×.
   */
  retryDelayMs?: number;
  /** Resends of a connection-phase command (ID, CAP, handshake) before the attempt is given up. */
  retries?: number;
  /** An online reader is offline after this long without a valid reply (the spec allows 8 s; a door wants sooner). */
  offlineAfterMs?: number;
  /** First wait before reconnecting an offline reader; doubles on each failed attempt… */
  backoffMinMs?: number;
  /** …up to this cap, so a reader that comes back is found within it. */
  backoffMaxMs?: number;
  /** How long the install window of an `install` reader stays open after start. */
  installWindowMs?: number;
  /** Smallest interval between two alarms of one kind for one reader (a flapping reader must not flood). */
  alarmIntervalMs?: number;
}

/** The options with every default filled in. */
export type CpTiming = Required<CpOptions>;

export const DEFAULT_TIMING: CpTiming = {
  replyTimeoutMs: 200,
  interCharacterMs: 150,
  exchangeLimitMs: 2000,
  pollIntervalMs: 50,
  retryDelayMs: 400,
  retries: 2,
  offlineAfterMs: 2000,
  backoffMinMs: 500,
  backoffMaxMs: 8000,
  // Five minutes: long enough to walk to the door and power the reader, short enough not to be forgotten.
  installWindowMs: 300_000,
  alarmIntervalMs: 60_000,
};

/** Fills in the defaults. */
export function resolveTiming(options: CpOptions = {}): CpTiming {
  const out: CpTiming = { ...DEFAULT_TIMING };
  for (const [k, v] of Object.entries(options) as [keyof CpTiming, number | undefined][]) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Why a set of readers cannot share a bus, or null. */
export function readersError(readers: readonly ReaderConfig[]): string | null {
  const seen = new Set<number>();
  for (const r of readers) {
    if (!Number.isInteger(r.address) || r.address < 0 || r.address > 0x7e) return `address ${r.address} out of range`;
    if (seen.has(r.address)) return `address ${r.address} used twice`;
    seen.add(r.address);
  }
  // Install mode accepts the published default key: one reader at a time, so a pairing is one deliberate act.
  if (readers.filter((r) => r.secure === "install").length > 1) return "more than one reader in install mode";
  return null;
}
