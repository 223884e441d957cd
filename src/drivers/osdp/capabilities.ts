/**
 * The device capability list (osdp_PDCAP): decoding the 3-byte records and reading the few
 * capabilities a control panel acts on. Pure, never throws.
 */

/** OSDP 2.2 §7 osdp_PDCAP, function codes 1–16. */
const FUNCTIONS = [
  "unknown",
  "contact_status_monitoring", // 1
  "output_control", // 2
  "card_data_format", // 3
  "reader_led_control", // 4
  "reader_audible_output", // 5
  "reader_text_output", // 6
  "time_keeping", // 7
  "check_character_support", // 8: compliance 1 = CRC-16 supported
  "communication_security", // 9: compliance bit 0 = AES-128 supported
  "receive_buffer_size", // 10: compliance + 256 × count = bytes
  "largest_combined_message_size", // 11: same encoding
  "smart_card_support", // 12
  "readers", // 13
  "biometrics", // 14
  "secure_pin_entry", // 15
  "osdp_version", // 16
] as const;

/** A capability's name, "unknown" for a code past the table. */
export type CapabilityName = (typeof FUNCTIONS)[number];

/** One capability record. */
export interface Capability {
  code: number;
  name: CapabilityName;
  compliance: number;
  count: number;
}

/** OSDP 2.2 §7 osdp_PDCAP: 3-byte records (function, compliance level, number of items). */
export function decodeCapabilities(d: Uint8Array): Capability[] | "bad_length" {
  if (d.length === 0 || d.length % 3 !== 0) return "bad_length";
  const out: Capability[] = [];
  for (let at = 0; at < d.length; at += 3) {
    const code = d[at] ?? 0;
    out.push({ code, name: FUNCTIONS[code] ?? "unknown", compliance: d[at + 1] ?? 0, count: d[at + 2] ?? 0 });
  }
  return out;
}

/** OSDP 2.2 §7 osdp_PDCAP function 9: true when the device supports AES-128 Secure Channel. */
export function supportsSecureChannel(caps: readonly Capability[]): boolean {
  return caps.some((c) => c.code === 9 && (c.compliance & 0x01) === 1);
}

/** OSDP 2.2 §7 osdp_PDCAP function 10: the device's receive buffer in bytes, or null when not reported. */
export function receiveBufferSize(caps: readonly Capability[]): number | null {
  const c = caps.find((x) => x.code === 10);
  return c === undefined ? null : c.compliance + 256 * c.count;
}

/** OSDP 2.2 §7 osdp_PDCAP function 8: true when the device checks packets with CRC-16. */
export function supportsCrc(caps: readonly Capability[]): boolean {
  return caps.some((c) => c.code === 8 && c.compliance === 1);
}
