import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { UplinkSchema } from "../../src/config/schema-uplink.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { operatorKey, writePublicKey } from "../helpers/district-keys.js";
import { tempDir } from "../helpers/temp-dir.js";

const SITE_YAML = "site:\n  id: lincoln-es\n  name: Lincoln\n  timezone: America/Chicago\nuplink:\n  url: mqtt://127.0.0.1:1883\n";

describe("the district's trusted keys in the uplink section", () => {
  const cleanups = cleanupsAfterEach();
  let dir: string;
  beforeEach(() => {
    dir = tempDir(cleanups, "gatehouse-district-keys-");
    mkdirSync(join(dir, "keys"));
  });

  function load(yaml: string) {
    writeFileSync(join(dir, "site.yaml"), SITE_YAML + yaml);
    return loadSite({ configDir: dir });
  }

  it("reads PEM and raw base64 public keys relative to the config dir, with their roles", () => {
    const dispatch = operatorKey("dispatch-2026", "dispatcher");
    const creds = operatorKey("idm", "credential_service");
    writePublicKey(dispatch, join(dir, "keys"), "dispatch.pem");
    writePublicKey(creds, join(dir, "keys"), "idm.pub", "raw");
    const result = load(
      [
        "  trusted_keys:",
        "    - { id: dispatch-2026, role: dispatcher, public_key_file: keys/dispatch.pem }",
        "    - { id: idm, role: credential_service, public_key_file: keys/idm.pub }",
        "  command_window_s: 60",
        "",
      ].join("\n"),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const commands = result.model.uplink?.commands;
    expect(commands).toMatchObject({ requireSigned: true, windowMs: 60_000 });
    expect(commands?.trustedKeys.map((k) => [k.id, k.role, k.key.equals(k.id === "idm" ? creds.publicKey : dispatch.publicKey)])).toEqual([
      ["dispatch-2026", "dispatcher", true],
      ["idm", "credential_service", true],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("warns that a site without keys takes no district command, and that unsigned commands are for labs", () => {
    const none = load("");
    expect(none.ok).toBe(true);
    expect(none.warnings).toMatchObject([{ path: "uplink.trusted_keys", message: expect.stringMatching(/refuses every district command/) }]);
    const lab = load("  require_signed_commands: false\n");
    expect(lab.ok).toBe(true);
    expect(lab.warnings).toMatchObject([{ path: "uplink.require_signed_commands", message: expect.stringMatching(/labs only/) }]);
  });

  it("refuses a missing key file, a private key, and a key that is not Ed25519, at the key's field", () => {
    writeFileSync(join(dir, "keys", "private.pem"), operatorKey("x", "observer").privateKey.export({ format: "pem", type: "pkcs8" }));
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "pem", type: "spki" });
    writeFileSync(join(dir, "keys", "rsa.pem"), rsa);
    const result = load(
      [
        "  trusted_keys:",
        "    - { id: a, role: dispatcher, public_key_file: keys/missing.pem }",
        "    - { id: b, role: dispatcher, public_key_file: keys/private.pem }",
        "    - { id: c, role: dispatcher, public_key_file: keys/rsa.pem }",
        "",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      ["uplink.trusted_keys.0.public_key_file", expect.stringMatching(/missing\.pem/)],
      ["uplink.trusted_keys.1.public_key_file", expect.stringMatching(/public key only/)],
      ["uplink.trusted_keys.2.public_key_file", expect.stringMatching(/not an Ed25519 key/)],
    ]);
  });

  it.each([
    [{ trusted_keys: [{ id: "a", role: "superuser", public_key_file: "k" }] }, "trusted_keys.0.role"],
    [{ trusted_keys: [{ id: "a", role: "observer", public_key_file: "k" }, { id: "a", role: "dispatcher", public_key_file: "j" }] }, "trusted_keys"],
    [{ trusted_keys: [{ id: "a\nb", role: "observer", public_key_file: "k" }] }, "trusted_keys.0.id"],
    [{ command_window_s: 1 }, "command_window_s"],
  ])("refuses %j (problem at %s)", (fields, path) => {
    const parsed = UplinkSchema.safeParse({ url: "mqtt://d", ...fields });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
