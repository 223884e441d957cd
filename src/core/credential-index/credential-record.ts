/** A cardholder as the credential index takes and gives it back, and what a lookup answers when no holder matches. */
import type { HolderStatus, Role } from "../model.js";

/** Badge formats whose fields are packed into the hash table, in code order (code 1 is the first). */
export const KNOWN_FORMATS = ["h10301", "corp1000", "h10304"] as const;

/** A badge format whose fields are packed into the hash table. */
export type KnownFormat = (typeof KNOWN_FORMATS)[number];

/** A badge as configured or synced. */
export type BadgeKey =
  | { readonly format: KnownFormat; readonly facility: number; readonly number: number }
  /** Raw bits (1..256); a 26/35/37-bit badge whose parity is valid is indexed as its decoded format. */
  | { readonly bits: string }
  /** Keyboard-wedge digits; leading zeros are ignored. */
  | { readonly digits: string };

/** One cardholder as the index stores it. */
export interface CredentialRecord {
  readonly holderId: string;
  readonly role: Role;
  readonly status: HolderStatus;
  /** Epoch ms from which the credential is valid, or null for no start. */
  readonly validFrom: number | null;
  /** Epoch ms until which the credential is valid (exclusive), or null for no end. */
  readonly validUntil: number | null;
  /** Index into the site's access profiles (an interned set of access groups), assigned by the compiler. 0..65535. */
  readonly profile: number;
  /** PIN digits (at least one) for card+PIN doors, or null. */
  readonly pin: string | null;
  /** Extended unlock time (accessibility). */
  readonly extendedUnlock: boolean;
  readonly badges: readonly BadgeKey[];
}

/** What the find methods return when no holder has the badge. */
export const NOT_FOUND = -1;
