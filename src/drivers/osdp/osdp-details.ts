import type { OsdpState } from "../../bus/topics-osdp.js";
import type { KeyType, ReaderCounters } from "./cp-notices.js";

/** A reader's Secure Channel as its last notice said. */
export interface SecureStatus {
  readonly active: boolean;
  readonly keyType: KeyType | null;
}

/** The `osdp` part of a reader's retained device state. */
export type OsdpDetails = OsdpState;

/** The retained state of one OSDP reader, in wire form. */
export function osdpDetails(address: number, policy: OsdpState["policy"], secure: SecureStatus, c: ReaderCounters | null): OsdpDetails {
  return {
    address,
    policy,
    secure_channel: secure.active,
    key_type: secure.keyType === "scbk" ? "scbk" : secure.keyType === "scbk_d" ? "scbk-d" : "none",
    counters: {
      packets: c?.packets ?? 0,
      retries: c?.retries ?? 0,
      crc_errors: c?.crcErrors ?? 0,
      naks: c?.naks ?? 0,
      timeouts: c?.timeouts ?? 0,
      sc_failures: c?.scFailures ?? 0,
    },
  };
}
