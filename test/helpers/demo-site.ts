import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSite } from "../../src/config/load-site.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";

/** The demo site, rebound to port 0 and a fresh store in a temp dir. */
export function demoModel(): { model: RuntimeModel; dir: string; cleanup: () => void } {
  const loaded = loadSite({ configDir: "config/demo" });
  if (!loaded.ok) throw new Error(`demo config invalid: ${JSON.stringify(loaded.problems)}`);
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-e2e-"));
  const model: RuntimeModel = {
    ...loaded.model,
    broker: { ...loaded.model.broker, port: 0 },
    storagePath: join(dir, "gatehouse.db"),
  };
  return { model, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The demo's admin account. */
export function demoAccount(model: RuntimeModel): { username: string; password: string } {
  const a = model.broker.accounts.find((x) => x.role === "admin");
  if (a === undefined) throw new Error("demo config has no admin account");
  return { username: a.username, password: a.password };
}
