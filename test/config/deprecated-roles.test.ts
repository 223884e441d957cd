import { chmodSync, cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const VALID = fileURLToPath(new URL("../fixtures/config/valid-small", import.meta.url));
const cleanups = cleanupsAfterEach();

/** valid-small (whose user has the deprecated role `operator`) with a safety section, loaded. */
function loadWithSafety(safety: string) {
  const dir = tempDir(cleanups, "gatehouse-roles-");
  cpSync(VALID, dir, { recursive: true });
  chmodSync(join(dir, "secrets", "ops.password"), 0o600);
  writeFileSync(join(dir, "safety.yaml"), safety);
  return loadSite({ configDir: dir });
}

describe("the deprecated role operator", () => {
  it("is accepted and named, with the name to write instead, wherever the configuration uses it", () => {
    const result = loadWithSafety("safety:\n  door_control: [operator, admin]\n  modes:\n    hold: { raise: [admin, operator] }\n");
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
    // In file order: safety.yaml, then site.yaml.
    expect(result.deprecations.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'safety.door_control.0: role "operator" is deprecated, it means "officer": write "officer"',
      'safety.modes.hold.raise.1: role "operator" is deprecated, it means "officer": write "officer"',
      'broker.users.0.role: role "operator" is deprecated, it means "officer": write "officer"',
    ]);
  });

  it("grants an officer what the configuration grants an operator, and the other way round", () => {
    const result = loadWithSafety("safety:\n  door_control: [operator]\n  modes:\n    hold: { raise: [officer] }\n");
    if (!result.ok) throw new Error("the site did not load");
    const safety = result.model.core.safety;
    expect([...safety.doorControl].sort()).toEqual(["officer", "operator"]);
    expect([...(safety.modes.get("hold")?.raise ?? [])].sort()).toEqual(["officer", "operator"]);
  });

  it("ships defaults where officers raise lockdown and only admin and district clear it", () => {
    const result = loadWithSafety("");
    if (!result.ok) throw new Error("the site did not load");
    const lockdown = result.model.core.safety.modes.get("lockdown");
    expect([...(lockdown?.raise ?? [])].sort()).toEqual(["admin", "district", "key_switch", "officer", "operator", "panic"]);
    expect([...(lockdown?.clear ?? [])].sort()).toEqual(["admin", "district"]);
    expect(result.deprecations.map((d) => d.path)).toEqual(["broker.users.0.role"]);
  });
});
