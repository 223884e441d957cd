import { chmodSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSite, type LoadResult } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { mosquittoPasswd } from "../helpers/mosquitto-passwd.js";
import { tempDir } from "../helpers/temp-dir.js";

const VALID = fileURLToPath(new URL("../fixtures/config/valid-small", import.meta.url));
const cleanups = cleanupsAfterEach();

/** valid-small with its broker section replaced by `broker`, and mosquitto_passwd's file secrets/mqtt.passwd holding ops and view. */
function loadWithBroker(broker: string): LoadResult {
  const dir = tempDir(cleanups, "gatehouse-accounts-");
  cpSync(VALID, dir, { recursive: true });
  const passwd = join(dir, "secrets", "mqtt.passwd");
  mosquittoPasswd(passwd, "ops", "ops-pw");
  mosquittoPasswd(passwd, "view", "view-pw", "sha512");
  chmodSync(passwd, 0o600);
  chmodSync(join(dir, "secrets", "ops.password"), 0o600);
  const site = join(dir, "site.yaml");
  const text = readFileSync(site, "utf8");
  writeFileSync(site, text.replace(/broker:\n(  .*\n)+/, `broker:\n${broker}`));
  return loadSite({ configDir: dir });
}

/** The problems of a load, as `path: message`. */
const problems = (r: LoadResult): string[] => r.problems.map((p) => `${p.path}: ${p.message}`);

describe("broker accounts", () => {
  it("takes every user's hash from broker.password_file, as mosquitto_passwd wrote it", () => {
    const r = loadWithBroker("  port: 0\n  password_file: secrets/mqtt.passwd\n  users:\n    - { username: ops, role: operator }\n    - { username: view, role: viewer }\n");
    expect(problems(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.model.broker.accounts).toEqual([
      { username: "ops", role: "operator", passwordHash: expect.stringMatching(/^\$7\$101\$/) },
      { username: "view", role: "viewer", passwordHash: expect.stringMatching(/^\$6\$/) },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("lets a user name a password file of its own, and names a user the file does not hold", () => {
    const r = loadWithBroker("  port: 0\n  users:\n    - { username: ops, role: operator, password_file: secrets/mqtt.passwd }\n    - { username: admin, role: admin, password_file: secrets/mqtt.passwd }\n");
    expect(problems(r)).toHaveLength(1);
    expect(problems(r)[0]).toMatch(/^broker\.users\.1\.password_file: password file .*secrets\/mqtt\.passwd has no line for user admin$/);
  });

  it("refuses a plain password outside a demo, naming the command that hashes it", () => {
    const r = loadWithBroker("  port: 0\n  users:\n    - { username: ops, role: operator, password_file: secrets/ops.password }\n");
    expect(problems(r)).toHaveLength(1);
    expect(problems(r)[0]).toMatch(/^broker\.users\.0\.password_file: password file .*ops\.password holds a plain password, which only a demo broker \(broker\.demo: true\) accepts; store its hash instead: gatehouse passwd .*ops\.password ops$/);
  });

  it("accepts a plain password in a demo, and a demo only on a loopback host", () => {
    const users = "  users:\n    - { username: ops, role: operator, password_file: secrets/ops.password }\n";
    const demo = loadWithBroker(`  port: 0\n  demo: true\n${users}`);
    expect(demo.ok && demo.model.broker.accounts).toEqual([{ username: "ops", role: "operator", password: "fixture-secret" }]);
    const exposed = loadWithBroker(`  host: 0.0.0.0\n  port: 0\n  demo: true\n${users}`);
    expect(problems(exposed)).toEqual(["broker.demo: a demo broker must listen on a loopback host (127.0.0.1, ::1, localhost)"]);
  });

  it("needs a password file for every user", () => {
    const r = loadWithBroker("  port: 0\n  users:\n    - { username: ops, role: operator }\n");
    expect(problems(r)).toEqual(["broker.users.0: needs a password_file, or broker.password_file for every user"]);
  });

  it("compiles broker.limits, defaults filled in", () => {
    const r = loadWithBroker("  port: 0\n  password_file: secrets/mqtt.passwd\n  users: [{ username: ops, role: operator }]\n  limits: { max_clients: 20, publish_per_s: 5 }\n");
    expect(r.ok && r.model.brokerLimits).toMatchObject({ maxClients: 20, publishPerS: 5, maxConnectionsPerAddress: 50, maxKeepaliveS: 300 });
  });
});
