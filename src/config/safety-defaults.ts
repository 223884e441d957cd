import type { RaisedMode } from "../core/model.js";
import type { ModeRulesConfig } from "./schema-safety.js";

type Rules = Required<ModeRulesConfig>;

/** Who raises and clears modes by default: officers, administrators and the district (`operator` is an alias of `officer`). */
const OPERATORS = ["officer", "admin", "district"] as const;
const STAFF = ["staff", "admin", "security", "responder"] as const;

/**
 * Shipped door policies of the Standard Response Protocol (see REFERENCE: SRP). Priority: lockdown
 * outranks evacuate, shelter, secure, hold. Egress is never blocked by any of them: locking controls
 * entry, and the fire alarm releases egress doors whatever the mode.
 */
export const DEFAULT_MODES: Record<RaisedMode, Rules> = {
  // Stay in rooms, clear the halls: interior doors locked, exterior as scheduled.
  hold: {
    priority: 10,
    raise: [...OPERATORS, "key_switch"],
    clear: [...OPERATORS, "key_switch"],
    strobes: false,
    doors: [{ groups: ["interior"], lock: "locked", allow_roles: [...STAFF] }],
  },
  // Get inside, lock outside doors: exterior locked, visitor entry off, business as usual inside.
  secure: {
    priority: 20,
    raise: [...OPERATORS, "key_switch"],
    clear: [...OPERATORS, "key_switch"],
    strobes: false,
    doors: [{ groups: ["exterior"], lock: "locked", allow_roles: [...STAFF] }],
  },
  // Hazard-specific (tornado, hazmat): no lock change by default.
  shelter: { priority: 30, raise: [...OPERATORS], clear: [...OPERATORS], strobes: false, doors: [] },
  // Leave to a named place: never block egress; a site may release exterior doors with a rule.
  evacuate: { priority: 40, raise: [...OPERATORS], clear: [...OPERATORS], strobes: true, doors: [] },
  // Locks, lights, out of sight: every door locked, only security and responders badge in. A panic
  // button may raise it; clearing needs an administrator or the district.
  lockdown: {
    priority: 50,
    raise: [...OPERATORS, "panic", "key_switch"],
    clear: ["admin", "district"],
    strobes: true,
    doors: [{ groups: ["*"], lock: "locked", allow_roles: ["security", "responder"] }],
  },
};
