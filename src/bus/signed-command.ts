/**
 * The signed district command (wire format 1). On the district broker a request is published as
 *
 *     <header JSON, one line> 0x0A <request bytes>
 *
 * The request bytes are the request exactly as a local client sends it (`{"transaction":…, …}`),
 * carried as they are: never re-encoded or parsed to check the signature, so a credential part
 * stays raw bytes on its way to the worker. The header is
 *
 *     {"v":1,"key_id":"…","operator":"…","issued_at":"2026-11-23T13:45:00.000Z","id":"…","sig":"…"}
 *
 * and `sig` is the base64 Ed25519 signature (RFC 8032, pure) over the signed bytes:
 *
 *     UTF-8("gatehouse-command/1\n" topic "\n" key_id "\n" operator "\n" issued_at "\n" id "\n") ‖ request bytes
 *
 * with `topic` the full request topic (`gatehouse/<site_id>/request/<name>`), so a command signed
 * for one school or one request cannot be replayed to another. No field may hold a control
 * character, so the signed bytes cannot be read two ways.
 */
import { randomUUID, sign, verify, type KeyObject } from "node:crypto";
import { z } from "zod";

/** The first bytes of the signed bytes: names the format, so a signature is never valid for another use. */
const DOMAIN = "gatehouse-command/1";

/** Most bytes of a header line: its fields are short. */
export const MAX_HEADER_BYTES = 1024;

/** A name written into the signed bytes: printable, one line. */
const Name = z.string().min(1).max(64).regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

/** The header of a signed command. */
export const CommandHeader = z.strictObject({
  v: z.literal(1),
  /** Which trusted key signed it (`uplink.trusted_keys[].id`). */
  key_id: Name,
  /** Who at the district sent it (a person or a service), as the district's own login names them. */
  operator: Name,
  /** When it was signed: UTC, ISO 8601 with `Z`, as `Date.toISOString` writes it. */
  issued_at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, "must be an ISO 8601 UTC time").refine((s) => Number.isFinite(Date.parse(s)), "must be a valid time"),
  /** Unique per command (a UUID): a second command with the same id is a replay. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8 to 64 letters, digits, - or _"),
  /** base64 Ed25519 signature, 64 bytes. */
  sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "must be a base64 Ed25519 signature"),
});

/** The header of a signed command. */
export type CommandHeader = z.infer<typeof CommandHeader>;

/** The signed bytes of a command (see the file comment). */
export function signedBytes(topic: string, header: Omit<CommandHeader, "sig" | "v">, request: Uint8Array): Buffer {
  const head = [DOMAIN, topic, header.key_id, header.operator, header.issued_at, header.id, ""].join("\n");
  return Buffer.concat([Buffer.from(head, "utf8"), request]);
}

/** What signs a command: the operator's key and who they are. */
export interface CommandSigner {
  readonly keyId: string;
  readonly operator: string;
  readonly privateKey: KeyObject;
}

/**
 * Sign `request` (the request JSON's bytes) for `topic`: the payload to publish there. `issuedAt`
 * (ms since the epoch) and `id` default to now and a fresh UUID.
 */
export function signCommand(signer: CommandSigner, topic: string, request: Uint8Array, issuedAt: number = Date.now(), id: string = randomUUID()): Buffer {
  const fields = { key_id: signer.keyId, operator: signer.operator, issued_at: new Date(issuedAt).toISOString(), id };
  const sig = sign(null, signedBytes(topic, fields, request), signer.privateKey).toString("base64");
  const header: CommandHeader = CommandHeader.parse({ v: 1, ...fields, sig });
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, "utf8"), request]);
}

/** A payload split into its header and its request bytes (a view on the payload, not a copy). */
export interface SignedCommand {
  readonly header: CommandHeader;
  readonly request: Buffer;
}

/**
 * Split a payload into header and request. Null when it does not start with a header line: an
 * unsigned request (a request's JSON never parses as a header, which must have `v` and `sig`).
 * Only the first MAX_HEADER_BYTES are looked at; the request bytes are not read.
 */
export function readSignedCommand(payload: Buffer): SignedCommand | null {
  const end = payload.subarray(0, MAX_HEADER_BYTES + 1).indexOf(0x0a);
  if (end < 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(payload.subarray(0, end).toString("utf8"));
  } catch {
    return null;
  }
  const header = CommandHeader.safeParse(json);
  return header.success ? { header: header.data, request: payload.subarray(end + 1) } : null;
}

/** Above this many request bytes a signature is checked off the main thread. */
export const ASYNC_VERIFY_BYTES = 16 * 1024;

/**
 * Whether `command` was signed for `topic` by `key`. Requests above ASYNC_VERIFY_BYTES are verified
 * on libuv's thread pool: hashing a large credential part would hold the main thread for a millisecond
 * or more on a Raspberry Pi, while a small command verifies in a fraction of one.
 */
export async function verifyCommand(command: SignedCommand, topic: string, key: KeyObject): Promise<boolean> {
  const data = signedBytes(topic, command.header, command.request);
  const sig = Buffer.from(command.header.sig, "base64");
  if (command.request.length <= ASYNC_VERIFY_BYTES) return verify(null, data, key, sig);
  return new Promise((resolve, reject) => verify(null, data, key, sig, (err, ok) => (err ? reject(err) : resolve(ok))));
}
