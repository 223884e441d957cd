/**
 * The compiled site model the decision core reads: built once from configuration by
 * `src/config/compile.ts`, immutable afterwards. camelCase throughout; nothing here knows YAML.
 */

/** Roles of cardholders. */
export type Role = "student" | "staff" | "admin" | "security" | "responder" | "visitor" | "contractor";

/** What a device does for a door. */
export type DoorPart = "reader" | "contact" | "rex" | "lock";

/** A door as the core sees it. */
export interface DoorModel {
  readonly id: string;
  readonly name: string;
  /** Door groups such as exterior, interior, main_entrance. */
  readonly groups: readonly string[];
  /** How long a grant keeps the lock released. */
  readonly strikeMs: number;
  /** How long the door may stand open after an authorised opening before it raises held-open. */
  readonly heldOpenMs: number;
  readonly readers: readonly string[];
  readonly contact: string | null;
  readonly rex: string | null;
  readonly lock: string | null;
}

/** Status of a cardholder's access. */
export type HolderStatus = "active" | "suspended" | "lost";

/** A cardholder with everything a badge decision needs, resolved at compile time. */
export interface Cardholder {
  readonly id: string;
  readonly role: Role;
  readonly status: HolderStatus;
  /** Epoch ms from which the credential is valid, or null for no start. */
  readonly validFrom: number | null;
  /** Epoch ms until which the credential is valid (exclusive), or null for no end. */
  readonly validUntil: number | null;
  /** Doors this holder may open, resolved from access groups. */
  readonly doors: ReadonlySet<string>;
}

/** The decision core's static picture of the site. */
export interface SiteModel {
  readonly siteId: string;
  readonly doors: ReadonlyMap<string, DoorModel>;
  /** For each device wired to a door: which door and what part it plays. */
  readonly deviceDoor: ReadonlyMap<string, { readonly door: string; readonly part: DoorPart }>;
  /** Credentials by `credentialKey` (see badge.ts). */
  readonly credentials: ReadonlyMap<string, Cardholder>;
}
