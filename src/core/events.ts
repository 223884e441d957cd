/**
 * Domain events: what happened, as the decision core and the runtime report it. The store gives each
 * one an `id`, a per-site `seq` and a `ts` when it appends it; field names are the wire names.
 */

/** Why a badge was refused. One code per rule, so reports can count them. */
export type DenyReason =
  | "unknown_credential"
  | "parity_error"
  | "expired"
  | "not_yet_valid"
  | "suspended"
  | "lost"
  | "outside_schedule"
  | "door_not_in_group"
  | "mode_restricted"
  | "pin_required"
  | "pin_wrong"
  | "reader_locked_out"
  | "passback";

/** The credential as read, as it goes into the audit trail. */
export interface CredentialRead {
  /** Badge format recognised from the bit count, or "raw" / "digits". */
  format: string;
  facility: number | null;
  number: number | null;
  /** The raw read: the bit string for Wiegand-style reads, the digits for keyboard-wedge reads. */
  raw: string;
}

/** A badge presented at a door's reader and what was decided. */
export interface AccessEvent {
  type: "access";
  door: string;
  reader: string;
  result: "granted" | "denied";
  reason: DenyReason | null;
  credential: CredentialRead;
  /** Cardholder id, when the credential is known. */
  holder: string | null;
  role: string | null;
}

/** What a door did. */
export type DoorAction = "opened" | "closed" | "held_open" | "forced_open" | "unlocked" | "locked";

export interface DoorEvent {
  type: "door";
  door: string;
  action: DoorAction;
}

/** Device health transitions. */
export interface DeviceEvent {
  type: "device";
  device: string;
  status: "online" | "offline" | "fault" | "trouble";
  reason: string | null;
}

/** Every event body the gateway records. */
export type EventBody = AccessEvent | DoorEvent | DeviceEvent;

/** An event as stored and published: the body plus identity, order and time. */
export type StoredEvent = EventBody & {
  /** Unique id (UUID), so a consumer can drop duplicates. */
  id: string;
  /** Monotonic per site, continues across restarts. */
  seq: number;
  /** ISO 8601 time of the decision that produced it. */
  ts: string;
};
