import { Reported, entrySchema, schemaProblems } from "./check-sections.js";
import { AccessBuilder, type CompiledAccess } from "./compile-access.js";
import { ConfigHash } from "./config-hash.js";
import type { Excuses } from "./excuses.js";
import { Findings } from "./findings.js";
import { HolderChecks, type BadgeKeyOf } from "./holder-checks.js";
import type { Locator, Problem } from "../source/problems.js";
import type { SiteConfig } from "./schema.js";

/**
 * The cardholder list checked and compiled one holder at a time, as it is read: each entry is
 * checked against the schema, then against the rest of the configuration and the holders before
 * it, then added to the credential index and the configuration hash, and dropped. A list of
 * 100,000 is never held whole beside its index, in any form.
 */

/** Cardholder entries as read: raw values for the schema, or Reported for one its reader could not read. */
export interface HolderEntries {
  readonly entries: Iterable<unknown>;
  /** How many entries there are, or about: sizes the index. */
  readonly expected: number;
}

/** The problems of the cardholders, and, when they have none, the cardholders compiled. */
export interface CheckedHolders {
  readonly problems: Problem[];
  /** The entries read, whether they passed or not. */
  readonly count: number;
  readonly compiled?: { readonly access: CompiledAccess; readonly configHash: string };
}

/** The entries of a list, each let go of once it is read. */
export function* releasing(list: unknown[]): Generator<unknown> {
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    list[i] = undefined;
    yield entry;
  }
}

/**
 * Check and compile `holders`, entry `n` being `cardholders.<n>` for `locate`. `config` is the rest
 * of the checked configuration (its own cardholders unread); references to ids in `excused` are not
 * reported. Compiling stops at the first problem: the gateway will not run on this configuration.
 */
export function checkHolders(holders: HolderEntries, config: SiteConfig, locate: Locator, excused: Excuses, badgeKey: BadgeKeyOf): CheckedHolders {
  const schema = entrySchema("cardholders");
  if (schema === undefined) throw new Error("the configuration schema has no cardholder list");
  const problems: Problem[] = [];
  const findings = new Findings(locate, { excused });
  const checks = new HolderChecks(findings, config, badgeKey);
  const access = new AccessBuilder(config, holders.expected);
  const hash = new ConfigHash(config);
  let index = 0;
  let clean = true;
  for (const entry of holders.entries) {
    const at = index++;
    if (entry instanceof Reported) {
      clean = false; // its reader reported it
      continue;
    }
    const parsed = schema.safeParse(entry, { reportInput: true });
    if (!parsed.success) {
      problems.push(...schemaProblems(parsed.error.issues, ["cardholders", at], locate));
      clean = false;
      continue;
    }
    const holder = parsed.data as SiteConfig["cardholders"][number];
    const before = findings.problems.length;
    checks.check(holder, at);
    clean &&= findings.problems.length === before;
    if (!clean) continue;
    access.add(holder);
    hash.holder(holder);
  }
  problems.push(...findings.problems);
  return clean ? { problems, count: index, compiled: { access: access.finish(), configHash: hash.digest() } } : { problems, count: index };
}
