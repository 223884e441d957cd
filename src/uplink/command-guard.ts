import { districtMay, type DistrictOperator } from "../bus/district-roles.js";
import { readSignedCommand, verifyCommand } from "../bus/signed-command.js";
import type { DistrictCommandPolicy, TrustedKeyModel } from "../config/schema-district-keys.js";
import type { ReplayCache } from "./replay-cache.js";

/** Why a district command is refused before it reaches the router. */
export type GuardRefusal = "unsigned" | "unknown_key" | "bad_signature" | "stale" | "replayed" | "not_permitted" | "busy";

/** A command let through (with its signer, null for an unsigned one in a lab), or refused. */
export type GuardVerdict =
  | { readonly ok: true; readonly request: Buffer; readonly signer: DistrictOperator | null }
  | { readonly ok: false; readonly code: GuardRefusal; readonly message: string; readonly request: Buffer };

/**
 * Checks a district command before it runs: signed (bus/signed-command.ts) by a trusted key, for this
 * very topic, issued within the window around the gateway's clock, not seen before, and a request the
 * key's role may send. The checks run in that order, so a forged command never takes a place in the
 * replay cache. An unsigned command passes only when the site does not require signatures.
 */
export class CommandGuard {
  private readonly keys: ReadonlyMap<string, TrustedKeyModel>;

  constructor(
    private readonly policy: DistrictCommandPolicy,
    private readonly seen: ReplayCache,
    private readonly now: () => number,
  ) {
    this.keys = new Map(policy.trustedKeys.map((k) => [k.id, k]));
  }

  /** Check the command published on `topic` (request `name`). Never rejects. */
  async check(topic: string, name: string, payload: Buffer): Promise<GuardVerdict> {
    const command = readSignedCommand(payload);
    if (command === null) {
      if (!this.policy.requireSigned) return { ok: true, request: payload, signer: null };
      return refuse("unsigned", "district commands must be signed", payload);
    }
    const { header, request } = command;
    const trusted = this.keys.get(header.key_id);
    if (trusted === undefined) return refuse("unknown_key", "the signing key is not trusted here", request);
    let valid: boolean;
    try {
      valid = await verifyCommand(command, topic, trusted.key);
    } catch {
      valid = false;
    }
    if (!valid) return refuse("bad_signature", "the signature does not match the command", request);
    const now = this.now();
    const issued = Date.parse(header.issued_at);
    const window = this.policy.windowMs;
    if (Math.abs(now - issued) > window) {
      return refuse("stale", `issued_at is more than ${window / 1000} s from the gateway's clock`, request);
    }
    if (!districtMay(trusted.role, name)) return refuse("not_permitted", `role ${trusted.role} may not send ${name}`, request);
    // After the await above: the check and the remembering run together, so two copies cannot both pass.
    if (this.seen.has(header.id, now)) return refuse("replayed", "this command was already received", request);
    if (!this.seen.remember(header.id, issued + window, now)) {
      return refuse("busy", "too many commands within the time window", request);
    }
    return { ok: true, request, signer: { keyId: trusted.id, name: header.operator, role: trusted.role } };
  }
}

function refuse(code: GuardRefusal, message: string, request: Buffer): GuardVerdict {
  return { ok: false, code, message, request };
}
