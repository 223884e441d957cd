import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { BUILTIN_PROFILE_DIR, loadBuiltinProfile } from "../drills/profile.js";
import { didYouMean } from "../util/suggest.js";
import type { Findings } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/** The `drills` section: a shipped state profile that reads, and school years that end after they start. */
export function checkDrillReferences(f: Findings, config: SiteConfig, profileDir = BUILTIN_PROFILE_DIR): void {
  const drills = config.drills;
  if (drills === undefined) return;
  if (!existsSync(join(profileDir, `${drills.profile}.yaml`))) {
    const known = readdirSync(profileDir).filter((n) => n.endsWith(".yaml")).map((n) => n.slice(0, -5));
    f.add(["drills", "profile"], `no drill profile "${drills.profile}" (compliance/${drills.profile}.yaml)${didYouMean(drills.profile, known)}; the profiles are ${known.join(", ")}`);
  } else {
    try {
      loadBuiltinProfile(drills.profile, profileDir);
    } catch (err) {
      f.add(["drills", "profile"], `drill profile "${drills.profile}" is not valid: ${(err as Error).message}`);
    }
  }
  for (const [name, year] of Object.entries(drills.school_years)) {
    if (year.last_day < year.first_day) f.add(["drills", "school_years", name, "last_day"], `the school year ends (${year.last_day}) before it starts (${year.first_day})`);
  }
}
