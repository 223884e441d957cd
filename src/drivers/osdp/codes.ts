/**
 * OSDP message codes: the command and reply identifiers this control panel speaks, the security
 * block types of the Secure Channel, and the NAK reasons. Names follow the spec's osdp_XXX names.
 */

/** OSDP 2.2 §6 and Annex A: command codes sent by the control panel. */
export const Command = {
  POLL: 0x60,
  ID: 0x61,
  CAP: 0x62,
  LSTAT: 0x64,
  ISTAT: 0x65,
  OSTAT: 0x66,
  RSTAT: 0x67,
  OUT: 0x68,
  LED: 0x69,
  BUZ: 0x6a,
  TEXT: 0x6b,
  COMSET: 0x6e,
  KEYSET: 0x75,
  CHLNG: 0x76,
  SCRYPT: 0x77,
  ACURXSIZE: 0x7b,
  MFG: 0x80,
} as const;

/** OSDP 2.2 §7 and Annex A: reply codes sent by a peripheral device. */
export const Reply = {
  ACK: 0x40,
  NAK: 0x41,
  PDID: 0x45,
  PDCAP: 0x46,
  LSTATR: 0x48,
  ISTATR: 0x49,
  OSTATR: 0x4a,
  RSTATR: 0x4b,
  RAW: 0x50,
  FMT: 0x51,
  KEYPAD: 0x53,
  COM: 0x54,
  CCRYPT: 0x76,
  RMAC_I: 0x78,
  BUSY: 0x79,
} as const;

/**
 * OSDP 2.2 Annex D: security control block types. SCS_11–14 carry the handshake (CHLNG, CCRYPT,
 * SCRYPT, RMAC_I); 15/16 are a MAC-protected command/reply in clear; 17/18 the same with the data
 * encrypted.
 */
export const Scs = {
  CHLNG: 0x11,
  CCRYPT: 0x12,
  SCRYPT: 0x13,
  RMAC_I: 0x14,
  COMMAND_MAC: 0x15,
  REPLY_MAC: 0x16,
  COMMAND_ENCRYPTED: 0x17,
  REPLY_ENCRYPTED: 0x18,
} as const;

/** OSDP 2.2 Annex D: the lowest and highest security block type defined. */
export const SCS_MIN = Scs.CHLNG;
export const SCS_MAX = Scs.REPLY_ENCRYPTED;

/** OSDP 2.2 Annex D: true for the block types after which the packet carries a 4-byte MAC. */
export function scsHasMac(type: number): boolean {
  return type >= Scs.COMMAND_MAC && type <= Scs.REPLY_ENCRYPTED;
}

/** OSDP 2.2 Annex D: true for the block types whose data field is encrypted. */
export function scsIsEncrypted(type: number): boolean {
  return type === Scs.COMMAND_ENCRYPTED || type === Scs.REPLY_ENCRYPTED;
}

/** OSDP 2.2 §7, osdp_NAK: the reason codes 1–9 a device may give; 0 means none given. */
export const NAK_REASONS = [
  "none",
  "check_character", // 1: bad checksum or CRC
  "command_length", // 2: command length error
  "unknown_command", // 3: command not implemented
  "sequence_number", // 4: unexpected sequence number
  "security_block_unsupported", // 5: the device does not support the security block received
  "security_conditions", // 6: encrypted communication required / conditions not met
  "bio_type_unsupported", // 7
  "bio_format_unsupported", // 8
  "record_unprocessable", // 9: unable to process the command record
] as const;

/** A NAK reason name, or "unknown" for a code past 9. */
export type NakReason = (typeof NAK_REASONS)[number] | "unknown";

/** The reason name of a NAK code. */
export function nakReason(code: number): NakReason {
  return NAK_REASONS[code] ?? "unknown";
}
