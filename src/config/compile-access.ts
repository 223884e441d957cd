import { CredentialIndex, type BadgeKey, type CredentialRecord } from "../core/credential-index/credential-index.js";
import type { AccessProfile, GroupGrant } from "../core/model.js";
import type { SiteConfig } from "./schema.js";

/** The doors (and schedule) of each access group, resolved from door ids and door groups. */
export function groupGrants(config: SiteConfig): Map<string, GroupGrant> {
  const out = new Map<string, GroupGrant>();
  for (const g of config.access_groups) {
    const doors = new Set(g.doors);
    for (const d of config.doors) if (d.groups.some((x) => g.door_groups.includes(x))) doors.add(d.id);
    out.set(g.id, { doors, schedule: g.schedule ?? null });
  }
  return out;
}

/**
 * Interns access profiles: every distinct set of access groups becomes one profile, shared by all its
 * holders, so a million students with the same groups cost one entry.
 */
export class ProfileInterner {
  readonly profiles: AccessProfile[] = [];
  /** The access group ids of each profile, in profile order. */
  readonly groupIds: (readonly string[])[] = [];
  private readonly byKey = new Map<string, number>();
  constructor(private readonly grants: ReadonlyMap<string, GroupGrant>) {}

  /** The profile index of a list of access group ids. */
  intern(groups: readonly string[]): number {
    const ids = [...new Set(groups)].sort();
    const key = ids.join("\u0000");
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const grants = ids.map((id) => this.grants.get(id)).filter((g): g is GroupGrant => g !== undefined);
    this.profiles.push({ groups: grants });
    this.groupIds.push(ids);
    this.byKey.set(key, this.profiles.length - 1);
    return this.profiles.length - 1;
  }
}

function epochOrNull(iso: string | undefined): number | null {
  return iso === undefined ? null : Date.parse(iso);
}

/** The site's cardholders compiled: their index, the access profiles it refers to and the groups behind them. */
export interface CompiledAccess {
  readonly credentials: CredentialIndex;
  readonly profiles: readonly AccessProfile[];
  readonly accessGroups: ReadonlyMap<string, GroupGrant>;
  readonly profileGroups: readonly (readonly string[])[];
}

type Holder = SiteConfig["cardholders"][number];

/** A cardholder as a credential record, its access groups interned as a profile. */
function recordOf(h: Holder, profiles: ProfileInterner): CredentialRecord {
  return {
    holderId: h.id,
    role: h.role,
    status: h.status,
    validFrom: epochOrNull(h.valid_from),
    validUntil: epochOrNull(h.valid_until),
    profile: profiles.intern(h.access_groups),
    pin: h.pin ?? null,
    extendedUnlock: h.extended_unlock,
    badges: h.badges.map((b): BadgeKey => b),
  };
}

/**
 * Compiles cardholders one at a time into the credential index, so that a list of 100,000 needs no
 * list of records beside it. Throws RangeError (from the index) on a badge that does not fit or is
 * given twice: reference-checked holders have neither.
 */
export class AccessBuilder {
  readonly #accessGroups: Map<string, GroupGrant>;
  readonly #profiles: ProfileInterner;
  readonly #index: ReturnType<typeof CredentialIndex.builder>;

  constructor(config: SiteConfig, expected: number) {
    this.#accessGroups = groupGrants(config);
    this.#profiles = new ProfileInterner(this.#accessGroups);
    this.#index = CredentialIndex.builder(expected);
  }

  add(holder: Holder): void {
    this.#index.add(recordOf(holder, this.#profiles));
  }

  /** The compiled access. Once only. */
  finish(): CompiledAccess {
    const profiles = this.#profiles;
    return { credentials: this.#index.finish(), profiles: profiles.profiles, accessGroups: this.#accessGroups, profileGroups: profiles.groupIds };
  }
}

/** Build the credential index of `config.cardholders` and the profiles it refers to. */
export function compileAccess(config: SiteConfig): CompiledAccess {
  const access = new AccessBuilder(config, config.cardholders.length);
  for (const holder of config.cardholders) access.add(holder);
  return access.finish();
}
