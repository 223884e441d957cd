import { CredentialIndex, type BadgeKey, type CredentialRecord } from "../core/credential-index.js";
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

/** The site's cardholders as credential records. */
export function credentialRecords(config: SiteConfig, profiles: ProfileInterner): CredentialRecord[] {
  return config.cardholders.map((h) => ({
    holderId: h.id,
    role: h.role,
    status: h.status,
    validFrom: epochOrNull(h.valid_from),
    validUntil: epochOrNull(h.valid_until),
    profile: profiles.intern(h.access_groups),
    pin: h.pin ?? null,
    extendedUnlock: h.extended_unlock,
    badges: h.badges.map((b): BadgeKey => b),
  }));
}

/** Build the credential index and the profiles it refers to. */
export function compileAccess(config: SiteConfig): {
  credentials: CredentialIndex;
  profiles: readonly AccessProfile[];
  accessGroups: ReadonlyMap<string, GroupGrant>;
  profileGroups: readonly (readonly string[])[];
} {
  const accessGroups = groupGrants(config);
  const profiles = new ProfileInterner(accessGroups);
  const credentials = CredentialIndex.build(credentialRecords(config, profiles));
  return { credentials, profiles: profiles.profiles, accessGroups, profileGroups: profiles.groupIds };
}
