/**
 * The two OSDP check codes: CRC-16 and the 8-bit checksum. Pure functions over byte ranges.
 *
 * OSDP 2.2 §5 (packet check): both cover the packet from SOM through the byte before the check,
 * never the optional 0xFF mark byte in front of SOM.
 */

/** OSDP 2.2 §5: CRC-16 polynomial x^16 + x^12 + x^5 + 1 (CCITT), processed MSB first. */
const POLY = 0x1021;
/** OSDP 2.2 §5 and Annex E: the register starts at 0x1D0F (the "AUG-CCITT" variant), not 0xFFFF. */
const INIT = 0x1d0f;

/** One entry per byte value: the register update for that byte, so the loop is one lookup. */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let crc = b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ POLY) & 0xffff : (crc << 1) & 0xffff;
    t[b] = crc;
  }
  return t;
})();

/** OSDP 2.2 §5: the CRC-16 of `bytes[from, to)`; sent on the wire LSB first. */
export function crc16(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let crc = INIT;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  return crc;
}

/** OSDP 2.2 §5: the 8-bit checksum of `bytes[from, to)`: the two's complement of their sum. */
export function checksum8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i] ?? 0;
  return -sum & 0xff;
}
