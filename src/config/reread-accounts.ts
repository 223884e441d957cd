import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readYamlDir } from "../source/yaml-source.js";
import { readAccounts } from "./broker-accounts.js";
import type { BrokerAccount } from "./runtime-model.js";
import { SiteConfigSchema } from "./schema.js";

/** The configuration files of `configDir` (its *.yaml and *.yml, dot-files aside, as the loader reads them), to watch. */
export function configFiles(configDir: string): string[] {
  try {
    return readdirSync(configDir)
      .filter((n) => !n.startsWith(".") && /\.ya?ml$/.test(n))
      .map((n) => join(configDir, n));
  } catch {
    return [];
  }
}

/**
 * The broker's accounts as the configuration in `configDir` gives them now (after a change to it or
 * to a password file): `broker.users` with their roles, each with its password from its file, a user
 * whose file has no line for them left out. Only the broker section is read again: a problem in it
 * or in its files is returned instead, so that the accounts in use stay as they are; every other
 * section takes effect at the next start.
 */
export function rereadAccounts(configDir: string): { accounts: BrokerAccount[] } | { problems: string[] } {
  const { source, problems } = readYamlDir(configDir);
  // A file that does not parse may be one being written: whatever it holds, nothing changes yet.
  if (problems.length > 0) return { problems: problems.map((p) => `${p.file}:${p.line}: ${p.message}`) };
  if (source.value["broker"] === undefined) return { problems: [`${source.dir}: no broker section`] };
  const broker = SiteConfigSchema.shape.broker.safeParse(source.value["broker"]);
  if (!broker.success) return { problems: broker.error.issues.map((i) => `broker.${i.path.join(".")}: ${i.message}`) };
  const read = readAccounts({ broker: broker.data }, source.locate, configDir, [], { dropAbsent: true });
  if (read.problems.length > 0) return { problems: read.problems.map((p) => `${p.path}: ${p.message}`) };
  return { accounts: read.accounts };
}
