/**
 * The compiled site model the decision core reads: built once from configuration by
 * `src/config/compile.ts`, immutable afterwards. camelCase throughout; nothing here knows YAML.
 */
import type { CredentialIndex } from "./credential-index/credential-index.js";
import type { ScheduleBook } from "./schedule.js";

/** Every role of cardholders, in a fixed order (the credential index stores roles by this index). */
export const ROLES = ["student", "staff", "admin", "security", "responder", "visitor", "contractor"] as const;

/** Roles of cardholders. */
export type Role = (typeof ROLES)[number];

/** What a device does for a door. */
export type DoorPart = "reader" | "contact" | "rex" | "lock";

/** A door as the core sees it. */
export interface DoorModel {
  readonly id: string;
  /** Position of the door in the site (0..n-1): where its state sits in CoreState.doors. */
  readonly index: number;
  readonly name: string;
  /** Door groups such as exterior, interior, main_entrance. */
  readonly groups: readonly string[];
  /** How long a grant keeps the lock released. */
  readonly strikeMs: number;
  /** Strike time for holders with extended unlock (accessibility). */
  readonly extendedStrikeMs: number;
  /** How long the door may stand open after an authorised opening before it raises held-open. */
  readonly heldOpenMs: number;
  /** How long before held-open a warning is raised (0: none). */
  readonly heldOpenWarningMs: number;
  readonly readers: readonly string[];
  readonly contact: string | null;
  readonly rex: string | null;
  readonly lock: string | null;
  /** An access-controlled egress door: a fire alarm releases it in every mode. */
  readonly egress: boolean;
  /** A schedule that keeps the door unlocked while active (morning entry), or null. */
  readonly unlockSchedule: string | null;
  /** Card and PIN required. */
  readonly cardAndPin: boolean;
}

/** Every status of a cardholder's access, in a fixed order (the credential index stores statuses by this index). */
export const HOLDER_STATUSES = ["active", "suspended", "lost"] as const;

/** Status of a cardholder's access. */
export type HolderStatus = (typeof HOLDER_STATUSES)[number];

/** One access group as a profile uses it: doors, and the schedule when they may be opened (null: always). */
export interface GroupGrant {
  readonly doors: ReadonlySet<string>;
  readonly schedule: string | null;
}

/** An interned set of access groups, shared by every cardholder with the same groups. */
export interface AccessProfile {
  readonly groups: readonly GroupGrant[];
}

/** The safety modes of the Standard Response Protocol: the ones a person or a device raises. */
export const RAISED_MODES = ["hold", "secure", "lockdown", "evacuate", "shelter"] as const;

/** A mode that can be raised: every mode but normal. */
export type RaisedMode = (typeof RAISED_MODES)[number];

/** Every safety mode: normal, then the raised ones. */
export const MODES = ["normal", ...RAISED_MODES] as const;

/** A safety mode, normal included. */
export type Mode = (typeof MODES)[number];

/** Every way a mode can treat a door: force the lock, force it open, or leave normal behaviour. */
export const LOCK_POLICIES = ["locked", "unlocked", "normal"] as const;

/** What a mode does to a door. */
export type LockPolicy = (typeof LOCK_POLICIES)[number];

/** Every anti-passback style: soft lets the holder through and flags it, hard denies. */
export const PASSBACK_STYLES = ["soft", "hard"] as const;

/** A mode's policy for one door, resolved from its door groups at compile time. */
export interface DoorPolicy {
  readonly lock: LockPolicy;
  /** Roles that may still badge in; null: every role. */
  readonly allowRoles: ReadonlySet<Role> | null;
}

/**
 * Who acts: a role of a local operator, the district, or a kind of device. Rights are lists of
 * these names, e.g. `admin`, `operator`, `district`, `panic`, `key_switch`.
 */
export type PrincipalName = string;

/** A mode's rules. */
export interface ModeModel {
  readonly mode: Mode;
  /** A higher mode replaces a lower one; a lower one needs an authorised clear first. */
  readonly priority: number;
  readonly raise: ReadonlySet<PrincipalName>;
  readonly clear: ReadonlySet<PrincipalName>;
  /** Strobes flash while this mode is on (unless it was raised silently). */
  readonly strobes: boolean;
  readonly doors: ReadonlyMap<string, DoorPolicy>;
}

/** How a panic button raises a mode. */
export interface PanicModel {
  readonly device: string;
  readonly mode: Mode;
  /** Held at least this long (0: on press)… */
  readonly holdMs: number;
  /** …or pressed this many times within `withinMs` (1: every press counts). */
  readonly presses: number;
  readonly withinMs: number;
  /** Silent: no local strobes (the alert still goes to the district). */
  readonly silent: boolean;
  readonly location: string;
}

/** A key switch that raises a mode while on (and clears it when turned off, if it may). */
export interface KeySwitchModel {
  readonly device: string;
  readonly mode: Mode;
  readonly location: string;
}

/** Anti-passback area. */
export interface AreaModel {
  readonly id: string;
  readonly passback: (typeof PASSBACK_STYLES)[number];
  readonly entry: ReadonlySet<string>;
  readonly exit: ReadonlySet<string>;
}

/** Reader lockout after consecutive invalid reads. */
export interface LockoutModel {
  readonly threshold: number;
  readonly blockMs: number;
  readonly maxBlockMs: number;
}

/** Safety rules of the site. */
export interface SafetyModel {
  readonly modes: ReadonlyMap<Mode, ModeModel>;
  readonly panics: ReadonlyMap<string, PanicModel>;
  readonly keySwitches: ReadonlyMap<string, KeySwitchModel>;
  /** Who may command doors (lock, unlock, momentary unlock). */
  readonly doorControl: ReadonlySet<PrincipalName>;
  /** Who may unlock a door that the current mode keeps locked (momentarily only). */
  readonly unlockInMode: ReadonlySet<PrincipalName>;
  /** Strobe and sounder outputs driven by modes. */
  readonly strobes: readonly string[];
}

/** The decision core's static picture of the site. */
export interface SiteModel {
  readonly siteId: string;
  readonly doors: ReadonlyMap<string, DoorModel>;
  /** For each device wired to a door: which door and what part it plays. */
  readonly deviceDoor: ReadonlyMap<string, { readonly door: string; readonly part: DoorPart }>;
  /** Where a device is, for alarms (its name or configured location). */
  readonly deviceLocation: ReadonlyMap<string, string>;
  /** The fire alarm inputs (fire panel relays): their trouble is a hole in fire coverage. */
  readonly fireInputs: ReadonlySet<string>;
  readonly credentials: CredentialIndex;
  readonly profiles: readonly AccessProfile[];
  /** Access groups by id, for profiles built later (district credential lists). */
  readonly accessGroups: ReadonlyMap<string, GroupGrant>;
  /** The access group ids of each profile, so a later list can extend the same profile numbering. */
  readonly profileGroups: readonly (readonly string[])[];
  readonly schedules: ScheduleBook;
  readonly safety: SafetyModel;
  readonly areas: readonly AreaModel[];
  readonly lockout: LockoutModel;
  /** How long a card+PIN door waits for the PIN. */
  readonly pinTimeoutMs: number;
}
