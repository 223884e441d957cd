/**
 * The topic filters of a SUBSCRIBE or UNSUBSCRIBE packet, checked as the bytes arrived. MQTT 3.1.1
 * §1.5.3: a UTF-8 string must be well-formed, must not encode a surrogate (U+D800–U+DFFF) nor U+0000,
 * and the server closes the connection when one does. The MQTT parser decodes filters leniently (an
 * invalid sequence becomes U+FFFD, a character a valid filter may hold too), so only the bytes tell.
 */

/** Fixed-header type of a SUBSCRIBE (with its required flags 0010, §3.8.1). */
export const SUBSCRIBE = 0x82;
/** Fixed-header type of an UNSUBSCRIBE (flags 0010, §3.10.1). */
export const UNSUBSCRIBE = 0xa2;

/** Rejects malformed sequences, overlong forms and surrogates (WHATWG UTF-8 decoding). */
const strict = new TextDecoder("utf-8", { fatal: true });

/** Whether `bytes` are a well-formed MQTT UTF-8 string: valid UTF-8, no surrogate, no U+0000. */
export function isMqttUtf8(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the body (after the fixed header) of a SUBSCRIBE or UNSUBSCRIBE packet (`type`) holds only
 * well-formed filters: a packet id, then for each filter a two-byte length, its bytes and, in a
 * SUBSCRIBE, a QoS byte. A body whose lengths do not add up is refused too.
 */
export function filtersWellFormed(type: number, body: Uint8Array): boolean {
  const after = type === SUBSCRIBE ? 1 : 0;
  let at = 2;
  while (at < body.length) {
    if (at + 2 > body.length) return false;
    const length = ((body[at] ?? 0) << 8) | (body[at + 1] ?? 0);
    const end = at + 2 + length;
    if (end + after > body.length) return false;
    if (!isMqttUtf8(body.subarray(at + 2, end))) return false;
    at = end + after;
  }
  return true;
}
