import { DEPRECATED_ROLES } from "../bus/roles.js";
import type { Locator, Problem } from "../source/problems.js";
import type { Path } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/**
 * Deprecated role names the configuration still uses (`operator`, now `officer`): each is accepted
 * and means the new name, and each is named here so that `check` can say so. In broker accounts and
 * in the safety section's rights lists.
 */
export function deprecatedRoleNotices(config: SiteConfig, locate: Locator): Problem[] {
  const found: Problem[] = [];
  const note = (path: Path, name: string): void => {
    const current = DEPRECATED_ROLES[name as keyof typeof DEPRECATED_ROLES];
    if (current === undefined) return;
    found.push({ ...locate(path), path: path.join("."), message: `role "${name}" is deprecated, it means "${current}": write "${current}"` });
  };
  config.broker.users.forEach((u, i) => note(["broker", "users", i, "role"], u.role));
  const lists: [Path, readonly string[] | undefined][] = [
    [["safety", "door_control"], config.safety.door_control],
    [["safety", "unlock_in_mode"], config.safety.unlock_in_mode],
    ...Object.entries(config.safety.modes).flatMap(([mode, rules]): [Path, readonly string[] | undefined][] => [
      [["safety", "modes", mode, "raise"], rules?.raise],
      [["safety", "modes", mode, "clear"], rules?.clear],
    ]),
  ];
  for (const [path, names] of lists) names?.forEach((name, i) => note([...path, i], name));
  return found;
}
