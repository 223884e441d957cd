import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { installSandbox, modeOf, ROOT, runInstall, snapshot } from "../helpers/install-release.js";

const cleanups = cleanupsAfterEach();
const read = (path: string): string => readFileSync(path, "utf8");
/** An install run forks a few hundred short processes (cmp, stat per file): seconds on a loaded CI box. */
const INSTALL_TEST_MS = 120_000;

describe("scripts/install.sh into a prefix", { timeout: INSTALL_TEST_MS }, () => {
  it("installs the app, a starter config, the data dir, the unit and the udev rules with their modes", async () => {
    const box = installSandbox(cleanups);
    const first = await runInstall(box);
    expect(first.code, first.stderr).toBe(0);
    const at = (p: string): string => join(box.prefix, p);

    expect(read(at("opt/gatehouse/dist/util/helper.js"))).toBe(read(join(box.release, "dist/util/helper.js")));
    expect(read(at("opt/gatehouse/devices/generic/gpio-door-contact.yaml"))).toBe(read(join(ROOT, "devices/generic/gpio-door-contact.yaml")));
    expect(read(at("opt/gatehouse/package-lock.json"))).toBe(read(join(ROOT, "package-lock.json")));
    expect([modeOf(at("etc/gatehouse")), modeOf(at("etc/gatehouse/secrets")), modeOf(at("var/lib/gatehouse"))]).toEqual(["750", "700", "750"]);
    expect(modeOf(at("etc/gatehouse/site.yaml"))).toBe("640");

    const unit = read(join(ROOT, "systemd/gatehouse.service")).replaceAll("/usr/bin/node ", `${process.execPath} `);
    expect(read(at("etc/systemd/system/gatehouse.service"))).toBe(unit);
    expect(read(at("etc/udev/rules.d/70-gatehouse.rules"))).toBe(read(join(ROOT, "systemd/70-gatehouse.rules")));
    expect(first.stdout).toContain("prefix install: systemd and udev not told");

    expect(read(at("etc/passwd"))).toMatch(/^gatehouse:x:\d+:\d+:Gatehouse gateway:\/var\/lib\/gatehouse:\/usr\/sbin\/nologin$/m);
    for (const group of ["dialout", "gpio", "plugdev"]) expect(read(at("etc/group"))).toMatch(new RegExp(`^${group}:x:\\d+:gatehouse$`, "m"));
    expect(read(at(".install-owners")).split("\n")).toEqual(
      expect.arrayContaining(["gatehouse:gatehouse /etc/gatehouse/secrets", "gatehouse:gatehouse /var/lib/gatehouse", "root:gatehouse /etc/gatehouse/site.yaml"]),
    );
  });

  it("installs a starter config that denies anonymous clients, has no demo user, and passes the check", async () => {
    const box = installSandbox(cleanups);
    expect((await runInstall(box)).code).toBe(0);
    const configDir = join(box.prefix, "etc/gatehouse");
    const site = read(join(configDir, "site.yaml"));
    expect(site).toMatch(/^ {2}anonymous: deny$/m);
    expect(site).toMatch(/^# uplink:$/m);
    expect(site).not.toMatch(/^ *users:/m);
    expect(existsSync(join(configDir, "people.yaml"))).toBe(false);

    const loaded = loadSite({ configDir, catalogDirs: [join(box.prefix, "opt/gatehouse/devices")] });
    expect(loaded.problems).toEqual([]);
  });

  it("makes a self-signed console certificate that the starter's commented console section loads", async () => {
    const box = installSandbox(cleanups);
    const first = await runInstall(box);
    expect(first.stdout).toContain("made a self-signed console certificate");
    const configDir = join(box.prefix, "etc/gatehouse");
    expect(modeOf(join(configDir, "secrets/console.key"))).toBe("600");
    const site = read(join(configDir, "site.yaml"));
    const enabled = site.replace(/^# (console:|  host: 0\.0\.0\.0|  port: 8443|  tls: .*)$/gm, "$1");
    expect(enabled).toMatch(/^console:$/m);
    writeFileSync(join(configDir, "site.yaml"), enabled);
    const loaded = loadSite({ configDir, catalogDirs: [join(box.prefix, "opt/gatehouse/devices")] });
    expect(loaded.problems).toEqual([]);
    expect(loaded.ok && loaded.model.console?.tls?.cert).toContain("BEGIN CERTIFICATE");
    expect((await runInstall(box)).stdout).not.toContain("console certificate");
  });

  it("changes nothing on a second run and says there is nothing to do", async () => {
    const box = installSandbox(cleanups);
    expect((await runInstall(box)).code).toBe(0);
    const before = snapshot(box.prefix);
    const second = await runInstall(box);
    expect(second.code, second.stderr).toBe(0);
    expect(snapshot(box.prefix)).toEqual(before);
    expect(second.stdout).toContain("nothing to do");
  });

  it("keeps district IT's edited config on a second run", async () => {
    const box = installSandbox(cleanups);
    expect((await runInstall(box)).code).toBe(0);
    const site = join(box.prefix, "etc/gatehouse/site.yaml");
    const edited = read(site).replace("id: my-school", "id: lincoln-es");
    writeFileSync(site, edited);
    rmSync(join(box.prefix, "etc/gatehouse/safety.yaml"));

    const second = await runInstall(box);
    expect(second.code, second.stderr).toBe(0);
    expect(read(site)).toBe(edited);
    expect(existsSync(join(box.prefix, "etc/gatehouse/safety.yaml"))).toBe(false);
    expect(second.stdout).toContain("kept the site config in /etc/gatehouse");
  });

  it("updates the app: a changed file is replaced and a file the release no longer has is removed", async () => {
    const box = installSandbox(cleanups);
    expect((await runInstall(box)).code).toBe(0);
    writeFileSync(join(box.release, "dist/cli.js"), "console.log('gatehouse 2');\n");
    rmSync(join(box.release, "dist/util/helper.js"));

    const second = await runInstall(box);
    expect(second.code, second.stderr).toBe(0);
    expect(read(join(box.prefix, "opt/gatehouse/dist/cli.js"))).toBe("console.log('gatehouse 2');\n");
    expect(existsSync(join(box.prefix, "opt/gatehouse/dist/util/helper.js"))).toBe(false);
  });

  it.each(["18.19.0", "20.18.1"])("refuses node %s, older than 20.19, and says how to install a newer one", async (version) => {
    const box = installSandbox(cleanups);
    const oldNode = join(box.release, "old-node");
    writeFileSync(oldNode, `#!/bin/sh\necho ${version}\n`);
    chmodSync(oldNode, 0o755);

    const outcome = await runInstall(box, oldNode);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("needs Node.js 20.19 or newer");
    expect(outcome.stderr).toContain(`found ${version}`);
    expect(outcome.stderr).toContain("curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -");
    expect(existsSync(join(box.prefix, "opt/gatehouse"))).toBe(false);
  });
});
