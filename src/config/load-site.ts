import { isAbsolute, join, resolve } from "node:path";
import { loadCatalog } from "../catalog/load.js";
import { readAccounts } from "./broker-accounts.js";
import { readCardholdersCsv } from "./cardholders-csv.js";
import { checkSections } from "./check-sections.js";
import { badgeConfigKey, compileSite } from "./compile.js";
import { storagePathIn } from "./data-dir.js";
import { sortProblems, type Locator, type Problem } from "../source/problems.js";
import { checkHolders, releasing, type HolderEntries } from "./holders.js";
import { checkReferences } from "./references.js";
import type { RuntimeModel } from "./runtime-model.js";
import type { SiteConfig } from "./schema.js";
import { compileListeners } from "./schema-listeners.js";
import { compileConsole } from "./schema-console.js";
import { osdpWarnings, resolveOsdpCaptures } from "./references-osdp.js";
import { compileUplink } from "./schema-uplink.js";
import { keyFileWarnings, secretFile, secretWarningAt } from "./secret-warnings.js";
import { deprecatedRoleNotices } from "./deprecated-roles.js";
import { timeZoneWarning } from "./timezone.js";
import { unsafeSettingWarnings } from "./unsafe-settings.js";
import { readYamlDir, type YamlDir } from "../source/yaml-source.js";

/** Where to find a site's configuration and the device catalog. */
export interface SiteSources {
  configDir: string;
  /** Catalog roots; default the catalog shipped with the gateway. */
  catalogDirs?: readonly string[];
  /** Where relative storage paths resolve, and which no storage path may leave; default configDir. */
  dataDir?: string;
  /**
   * "used": read only the catalog models the site's devices name, for a start that need not parse the
   * whole catalog (a problem in a model no device uses is then `check`'s to report). A site that does
   * not load so is loaded again with the whole catalog, so its problems read exactly as `check`'s.
   * Default "all".
   */
  catalogModels?: "all" | "used";
}

/**
 * A loaded site: the runtime model when there were no problems, and every problem found. Warnings
 * (a password file others can read) never stop the gateway, nor do deprecations (a name the
 * configuration should no longer use, still accepted).
 */
export type LoadResult =
  | { ok: true; model: RuntimeModel; problems: []; warnings: Problem[]; deprecations: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[]; deprecations: Problem[] };

/** Where the cardholders come from, and a locator that finds `cardholders.…` paths there. */
interface HolderSource {
  readonly locate: Locator;
  /** The entries, checked and compiled one at a time; absent when there is no list (the schema check says what is there instead). */
  readonly holders?: HolderEntries;
  /** Problems their reader finds as it reads (a CSV file's lines); complete once `holders` is read. */
  readonly problems: Problem[];
}

/**
 * The cardholders: from `cardholders_file` (CSV) when it is set and there is no `cardholders`
 * section, else the `cardholders` list, taken out of the sections so that it is read entry by entry.
 */
function holderSource(source: YamlDir, configDir: string, problems: Problem[]): HolderSource {
  const file = source.value["cardholders_file"];
  const lazy = source.takeList("cardholders");
  const list = lazy === undefined ? source.value["cardholders"] : undefined;
  const listed = lazy !== undefined || list !== undefined;
  if (typeof file === "string" && file !== "" && listed) {
    const message = "cardholders are given in YAML or in cardholders_file, not both";
    problems.push({ ...source.locate(["cardholders_file"]), path: "cardholders_file", message });
  }
  if (typeof file !== "string" || file === "" || listed) {
    if (lazy !== undefined) return { locate: source.locate, holders: lazy, problems: [] };
    if (!Array.isArray(list)) return { locate: source.locate, problems: [] };
    delete source.value["cardholders"];
    return { locate: source.locate, holders: { entries: releasing(list), expected: list.length }, problems: [] };
  }
  const csv = readCardholdersCsv(isAbsolute(file) ? file : resolve(configDir, file), isAbsolute(file) ? file : join(source.dir, file));
  const locate = Object.assign((path: readonly PropertyKey[]) => (path[0] === "cardholders" ? csv.locate(path) : source.locate(path)), {
    exists: (path: readonly PropertyKey[]) => path[0] !== "cardholders" && (source.locate.exists?.(path) ?? true),
  });
  return { locate, holders: csv.holders, problems: csv.problems };
}

/** The catalog models a raw `devices` section names (whatever else it holds is the schema's to report). */
function modelsNamed(devices: unknown): Set<string> {
  const named = new Set<string>();
  if (!Array.isArray(devices)) return named;
  for (const d of devices as unknown[]) {
    const model = typeof d === "object" && d !== null ? (d as Record<string, unknown>)["model"] : undefined;
    if (typeof model === "string") named.add(model);
  }
  return named;
}

/**
 * Read, validate and compile a site: YAML syntax, the schema, the catalog, cross-references and secret
 * files. Every file is read and every section and entry that parsed is checked, even when others
 * failed, so one `gatehouse check` shows every problem; only what follows from a problem already
 * shown (a reference into a file that did not parse) is left out.
 */
export function loadSite(sources: SiteSources): LoadResult {
  const { source, problems } = readYamlDir(sources.configDir);
  const usedOnly = sources.catalogModels === "used";
  const warnings: Problem[] = [];
  // A problem outside the parsed files means a file or the directory could not be read or parsed: its
  // sections are unknown, and reporting them missing ("no door …") would report consequences as mistakes.
  const partial = problems.some((p) => !source.files.some((f) => f.file === p.file));
  const catalog = loadCatalog(sources.catalogDirs, usedOnly ? modelsNamed(source.value["devices"]) : undefined);
  problems.push(...catalog.problems);
  const from = holderSource(source, sources.configDir, problems);
  const locate = from.locate;
  const checked = checkSections(source.value, locate, partial);
  problems.push(...checked.problems);
  const dataDir = { dir: sources.dataDir ?? sources.configDir, explicit: sources.dataDir !== undefined };
  const captures = resolveOsdpCaptures(checked.config, dataDir.dir, dataDir.explicit, locate);
  problems.push(...captures.problems);
  const config = captures.config;
  const context = { excused: checked.excused, remap: checked.remap };
  problems.push(...checkReferences(config, catalog.catalog, locate, badgeConfigKey, context, checked.failed));
  const holders = from.holders === undefined ? undefined : checkHolders(from.holders, config, locate, checked.excused, badgeConfigKey);
  problems.push(...from.problems, ...(holders?.problems ?? []));
  const holderFile = source.value["cardholders_file"];
  if (typeof holderFile === "string" && holders?.count === 0 && from.problems.length === 0) {
    const message = `${holderFile} lists no cardholder: only badges on the district's list will open doors (an empty export?)`;
    warnings.push({ ...locate(["cardholders_file"]), path: "cardholders_file", message });
  }
  const { accounts, problems: secretProblems } = readAccounts(config, locate, sources.configDir, warnings);
  problems.push(...secretProblems);
  const uplink = compileUplink(config.uplink, config.site.id, sources.configDir, locate);
  problems.push(...uplink.problems);
  warnings.push(...uplink.warnings);
  const uplinkSecret = uplink.model === null ? undefined : config.uplink?.password_file;
  warnings.push(...secretWarningAt(["uplink", "password_file"], uplinkSecret, "password", sources.configDir, locate));
  const listeners = compileListeners(config.broker, sources.configDir, locate);
  problems.push(...listeners.problems);
  const webConsole = compileConsole(config.console, new Set(config.doors.map((d) => d.id)), sources.configDir, locate);
  problems.push(...webConsole.problems);
  warnings.push(...keyFileWarnings(config, sources.configDir, locate));
  warnings.push(...unsafeSettingWarnings(config, catalog.catalog, checked.passed, locate, checked.remap));
  warnings.push(...osdpWarnings(config, locate));
  const zoneWarning = checked.passed.has("site") ? timeZoneWarning(config.site.timezone) : undefined;
  if (zoneWarning !== undefined) warnings.push({ ...locate(["site", "timezone"]), path: "site.timezone", message: zoneWarning });
  const storage = storagePathIn(config.storage.path, dataDir.dir, dataDir.explicit);
  if ("problem" in storage && checked.passed.has("storage")) {
    problems.push({ ...locate(["storage", "path"]), path: "storage.path", message: storage.problem });
  }
  const deprecations = sortProblems(deprecatedRoleNotices(config, locate));
  if (problems.length > 0 || "problem" in storage) {
    if (usedOnly) return loadSite({ ...sources, catalogModels: "all" });
    return { ok: false, problems: sortProblems(problems), warnings: sortProblems(warnings), deprecations };
  }
  const compiled = compileSite(config, catalog.catalog, sources.configDir, accounts, uplink.model, storage.path, holders?.compiled, listeners.listeners);
  const model: RuntimeModel = Object.freeze({ ...compiled, console: webConsole.model });
  return { ok: true, model, problems: [], warnings: sortProblems(warnings), deprecations };
}
