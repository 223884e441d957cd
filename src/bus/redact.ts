import type { NumberedPacket } from "./addressed.js";

/** How many trailing digits of a card number a person without full credential access sees. */
export const SHOWN_DIGITS = 4;

/** A credential as people without full credential access see it: its format and last digits. */
export interface MaskedCredential {
  format: string;
  /** The last SHOWN_DIGITS digits of the card number (or of the keyed digits); null for a raw read. */
  last4: string | null;
}

/** An access event's credential on the wire, read loosely: the redactor must never throw. */
export interface WireCredential {
  format?: unknown;
  facility?: unknown;
  number?: unknown;
  raw?: unknown;
}

/** The masked form of a credential as read: no facility code, no raw bits, the last digits only. */
export function maskCredential(credential: WireCredential): MaskedCredential {
  const format = typeof credential.format === "string" ? credential.format : "raw";
  let digits: string | null = null;
  if (typeof credential.number === "number" && Number.isInteger(credential.number)) digits = String(credential.number);
  else if (format === "digits" && typeof credential.raw === "string" && /^\d+$/.test(credential.raw)) digits = credential.raw;
  return { format, last4: digits === null ? null : digits.slice(-SHOWN_DIGITS) };
}

/**
 * The payload of an access event with its credential masked, or null when it cannot be read (the
 * caller then sends nothing). A payload without a credential object is returned as it is.
 */
export function redactAccessPayload(payload: Buffer): Buffer | null {
  let body: unknown;
  try {
    body = JSON.parse(payload.toString("utf8"));
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const event = body as Record<string, unknown>;
  const credential = event["credential"];
  if (credential === undefined) return payload;
  if (typeof credential !== "object" || credential === null) return null;
  return Buffer.from(JSON.stringify({ ...event, credential: maskCredential(credential as WireCredential) }), "utf8");
}

/**
 * Redacts each access event once, however many subscribers receive it. aedes copies a message for
 * every subscription, so the cache is keyed by the message's stream and number, not by the object.
 * The gateway hands aedes one message at a time, so one slot holds the message being delivered.
 */
export class AccessRedactor {
  private key: NumberedPacket | undefined;
  private redacted: Buffer | null = null;

  /** The masked payload of `packet`, computed on the first call for it. */
  payloadFor(packet: NumberedPacket & { payload: Buffer | string }): Buffer | null {
    const key = this.key;
    if (key !== undefined && key.brokerId === packet.brokerId && key.brokerCounter === packet.brokerCounter) return this.redacted;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    this.redacted = redactAccessPayload(payload);
    this.key = { brokerId: packet.brokerId, brokerCounter: packet.brokerCounter };
    return this.redacted;
  }
}
