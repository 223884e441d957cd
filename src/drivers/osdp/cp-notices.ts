/**
 * What the control panel reports about its readers, and the commands it takes for them. Card bits
 * and keypad digits are student data: they travel in notices only, never into a log line.
 */

import type { BuzzerControl, LedControl, OutputControl, TextControl } from "./commands.js";

/** Which key a secure session runs on: the reader's own SCBK or the install-mode SCBK-D. */
export type KeyType = "scbk" | "scbk_d";

/**
 * Security alarms; each one means a reader is not talking the way it was paired to, or (for
 * `keyset_in_clear`) could not be paired or re-keyed because it acknowledged KEYSET in clear.
 */
export type OsdpAlarm = "sc_downgrade" | "mac_failure" | "default_key" | "keyset_in_clear";

/** A notice from the control panel. */
export type OsdpNotice =
  | { type: "card"; address: number; reader: number; format: "raw" | "wiegand"; bitCount: number; bits: string }
  | { type: "keypad"; address: number; reader: number; keys: string }
  | { type: "local_status"; address: number; tamper: boolean; powerFailure: boolean }
  | { type: "online"; address: number; secure: boolean; keyType: KeyType | null }
  | { type: "offline"; address: number; reason: string }
  | { type: "secure"; address: number; secure: boolean; keyType: KeyType | null }
  | { type: "paired"; address: number }
  | { type: "alarm"; address: number; alarm: OsdpAlarm; detail: string }
  | { type: "command"; address: number; command: ReaderCommand["kind"]; ok: boolean; reason?: string };

/** An output command queued for a reader, sent between polls. */
export type ReaderCommand =
  | { kind: "led"; records: LedControl[] }
  | { kind: "buzzer"; control: BuzzerControl }
  | { kind: "text"; control: TextControl }
  | { kind: "output"; records: OutputControl[] };

/** Per-reader counters since start. */
export interface ReaderCounters {
  /** Packets sent to the reader, resends included. */
  packets: number;
  /** Commands sent again after no reply or BUSY. */
  retries: number;
  /** Replies whose CRC or checksum failed while the reader's reply was awaited. */
  crcErrors: number;
  naks: number;
  timeouts: number;
  /** Handshakes refused and sessions dropped on a MAC, sequence or plaintext failure. */
  scFailures: number;
}

export function zeroCounters(): ReaderCounters {
  return { packets: 0, retries: 0, crcErrors: 0, naks: 0, timeouts: 0, scFailures: 0 };
}
