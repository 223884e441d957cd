/** What the tools that read a site's store share: the options naming the site, and loading it. */
import { existsSync } from "node:fs";
import { loadSite } from "../config/load-site.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import type { ToolIo } from "./sign-command.js";

/** The options that name a site: its configuration, its data directory, extra catalogs. */
export const SITE_OPTIONS = {
  config: { type: "string" },
  "data-dir": { type: "string" },
  catalog: { type: "string", multiple: true },
} as const;

/** The option values that name a site, as parseArgs reads them. */
export interface SiteOptionValues {
  readonly config?: string | undefined;
  readonly "data-dir"?: string | undefined;
  readonly catalog?: string[] | undefined;
}

/** The site's runtime model, or null once its problems were counted on stderr (exit 1 then). */
export function loadToolSite(tool: string, configDir: string, values: SiteOptionValues, io: ToolIo): RuntimeModel | null {
  const loaded = loadSite({
    configDir,
    catalogModels: "used",
    ...(values.catalog ? { catalogDirs: values.catalog } : {}),
    ...(values["data-dir"] !== undefined ? { dataDir: values["data-dir"] } : {}),
  });
  if (loaded.ok) return loaded.model;
  io.error(`gatehouse ${tool}: the configuration has ${loaded.problems.length} problem(s); run gatehouse check\n`);
  return null;
}

/**
 * The site's audit log, when it exists; null once the tool said where it looked (exit 1 then). Opening
 * a path that is not there would make an empty log and report nothing done, as it did for a data
 * directory left out (`/var/lib/gatehouse` on an installed gateway, `var/demo` for the demo).
 */
export function existingStore(tool: string, model: RuntimeModel, io: ToolIo): string | null {
  if (existsSync(model.storagePath)) return model.storagePath;
  io.error(`gatehouse ${tool}: no audit log at ${model.storagePath}; name the gateway's data directory with --data-dir\n`);
  return null;
}
