/** What the decision core is told. Drivers and the runtime turn bytes, edges, timers and requests into these. */

/** A credential presented at a reader: Wiegand-style bits, or digits from a keyboard-wedge reader. */
export type CardRead = { readonly kind: "bits"; readonly bits: string } | { readonly kind: "digits"; readonly digits: string };

/** A badge read at a reader. */
export interface BadgeInput {
  readonly kind: "badge";
  readonly reader: string;
  readonly read: CardRead;
}

/** A door contact changed. */
export interface ContactInput {
  readonly kind: "contact";
  readonly device: string;
  readonly open: boolean;
}

/** A request-to-exit button was pressed. */
export interface RexInput {
  readonly kind: "rex";
  readonly device: string;
}

/** A device's health changed, as its driver saw it. */
export interface DeviceStatusInput {
  readonly kind: "device_status";
  readonly device: string;
  readonly status: "online" | "offline" | "fault" | "trouble";
  readonly reason: string | null;
}

/** Time has passed: deadlines at or before `now` fall due. */
export interface TickInput {
  readonly kind: "tick";
}

/** Every input of the core. */
export type Input = BadgeInput | ContactInput | RexInput | DeviceStatusInput | TickInput;
