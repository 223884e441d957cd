import { isAbsolute, resolve } from "node:path";
import { loadCatalog } from "../catalog/load.js";
import { readSecretFile } from "../bus/passwords.js";
import { badgeConfigKey, compileSite } from "./compile.js";
import { problemsFromZod, sortProblems, type Problem } from "./problems.js";
import { checkReferences } from "./references.js";
import type { BrokerAccount, RuntimeModel } from "./runtime-model.js";
import { SiteConfigSchema, type SiteConfig } from "./schema.js";
import { compileUplink } from "./schema-uplink.js";
import { readYamlDir, type YamlDir } from "./yaml-source.js";

/** Where to find a site's configuration and the device catalog. */
export interface SiteSources {
  configDir: string;
  /** Catalog roots; default the catalog shipped with the gateway. */
  catalogDirs?: readonly string[];
}

/** A loaded site: the runtime model when there were no problems, and every problem found. */
export type LoadResult = { ok: true; model: RuntimeModel; problems: [] } | { ok: false; problems: Problem[] };

function readAccounts(config: SiteConfig, source: YamlDir, dir: string): { accounts: BrokerAccount[]; problems: Problem[] } {
  const accounts: BrokerAccount[] = [];
  const problems: Problem[] = [];
  config.broker.users.forEach((u, i) => {
    const path = isAbsolute(u.password_file) ? u.password_file : resolve(dir, u.password_file);
    try {
      accounts.push({ username: u.username, password: readSecretFile(path), role: u.role });
    } catch (err) {
      const at = source.locate(["broker", "users", i, "password_file"]);
      problems.push({ ...at, path: `broker.users.${i}.password_file`, message: (err as Error).message });
    }
  });
  return { accounts, problems };
}

/**
 * Read, validate and compile a site: YAML syntax, the schema, the catalog, cross-references and secret
 * files, collecting every problem before giving up, so one `gatehouse check` shows them all.
 */
export function loadSite(sources: SiteSources): LoadResult {
  const { source, problems } = readYamlDir(sources.configDir);
  // A problem outside the parsed files means a file or the directory could not be read or parsed: its
  // sections are missing, and checking the rest would report consequences ("no door …") as mistakes.
  const unreadable = problems.some((p) => !source.files.some((f) => f.file === p.file));
  const catalog = loadCatalog(sources.catalogDirs);
  problems.push(...catalog.problems);
  if (unreadable) return { ok: false, problems: sortProblems(problems) };
  const parsed = SiteConfigSchema.safeParse(source.value);
  if (!parsed.success) {
    problems.push(...problemsFromZod(parsed.error.issues, source.locate));
    return { ok: false, problems: sortProblems(problems) };
  }
  problems.push(...checkReferences(parsed.data, catalog.catalog, source.locate, badgeConfigKey));
  const { accounts, problems: secretProblems } = readAccounts(parsed.data, source, sources.configDir);
  problems.push(...secretProblems);
  const uplink = compileUplink(parsed.data.uplink, parsed.data.site.id, sources.configDir, source.locate);
  problems.push(...uplink.problems);
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, model: compileSite(parsed.data, catalog.catalog, sources.configDir, accounts, uplink.model), problems: [] };
}
