/**
 * The district's command rights in the `uplink` section: which operator keys the site trusts, in
 * which role, and how fresh a signed command must be (see bus/signed-command.ts and docs/uplink.md).
 */
import { readFileSync } from "node:fs";
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { DISTRICT_ROLES, type DistrictRole } from "../bus/district-roles.js";
import { parsePublicKey } from "../bus/ed25519-keys.js";
import type { Locator, Problem } from "../source/problems.js";

const TrustedKey = z.strictObject({
  /** The key id commands name in their header (`key_id`). */
  id: z.string().min(1).max(64).regex(/^[^\p{Cc}]+$/u, "must not contain control characters"),
  /** What commands signed by it may ask (see docs/uplink.md). */
  role: z.enum(DISTRICT_ROLES),
  /** Ed25519 public key: PEM or the raw 32 bytes in base64, relative to the configuration directory. */
  public_key_file: z.string().min(1),
});

/** Fields of the `uplink` section about district commands. */
export const DistrictCommandFields = {
  /** Operator keys whose signed commands the gateway runs. Without any, the district commands nothing. */
  trusted_keys: z
    .array(TrustedKey)
    .max(256)
    .default([])
    .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, "key ids must be unique"),
  /** false runs unsigned commands as the district with every right: for a lab, never a school. */
  require_signed_commands: z.boolean().default(true),
  /**
   * How far a command's `issued_at` may lie from the gateway's clock, either way, in seconds. Two
   * minutes outlast a queued delivery after a short outage and a clock a minute off.
   */
  command_window_s: z.number().int().min(10).max(3600).default(120),
};

/** A key the site trusts. */
export interface TrustedKeyModel {
  readonly id: string;
  readonly role: DistrictRole;
  readonly key: KeyObject;
}

/** The compiled command rights of the district. */
export interface DistrictCommandPolicy {
  readonly trustedKeys: readonly TrustedKeyModel[];
  /** false: unsigned commands run with the district's full rights (signed ones are still checked). */
  readonly requireSigned: boolean;
  /** `command_window_s` in ms. */
  readonly windowMs: number;
}

type CommandConfig = { [K in keyof typeof DistrictCommandFields]: z.infer<(typeof DistrictCommandFields)[K]> };

/** A problem or warning at `uplink.<field>`. */
function at(locate: Locator, field: readonly (string | number)[], message: string): Problem {
  const path = ["uplink", ...field];
  return { ...locate(path), path: path.join("."), message };
}

/**
 * Read the trusted keys (`resolvePath` makes a configured path absolute). Returns the policy (null
 * when a key is unusable), the problems (one per unusable key, at its field), and the warnings of a
 * risky but valid choice.
 */
export function compileDistrictCommands(
  config: CommandConfig,
  resolvePath: (file: string) => string,
  locate: Locator,
): { policy: DistrictCommandPolicy | null; problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const keys: TrustedKeyModel[] = [];
  config.trusted_keys.forEach((k, i) => {
    try {
      keys.push(Object.freeze({ id: k.id, role: k.role, key: parsePublicKey(readFileSync(resolvePath(k.public_key_file), "utf8")) }));
    } catch (err) {
      problems.push(at(locate, ["trusted_keys", i, "public_key_file"], `cannot use ${k.public_key_file}: ${(err as Error).message}`));
    }
  });
  const warnings: Problem[] = [];
  if (!config.require_signed_commands) {
    const risk = "anyone who can publish on this site's request topics at the district broker can raise or clear a lockdown";
    warnings.push(at(locate, ["require_signed_commands"], `unsigned district commands run with every district right: ${risk} (labs only)`));
  } else if (config.trusted_keys.length === 0) {
    warnings.push(at(locate, ["trusted_keys"], "no trusted district keys: the gateway refuses every district command (add uplink.trusted_keys)"));
  }
  if (problems.length > 0) return { policy: null, problems, warnings };
  const policy = { trustedKeys: Object.freeze(keys), requireSigned: config.require_signed_commands, windowMs: config.command_window_s * 1000 };
  return { policy: Object.freeze(policy), problems, warnings };
}
