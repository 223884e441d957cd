import { execFile } from "node:child_process";
import { chmodSync, cpSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { siteDir } from "../helpers/site-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

/** The repository root: the CLI resolves the shipped catalog and relative config paths from here. */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gatehouse <args>` from source, as `npm run check` does, and returns its exit status and output. */
async function gatehouse(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** `file:line:col: path: message`, the form editors and CI annotate from. */
const PROBLEM_LINE = /^[^:]+:\d+:\d+: [\w.]+: .+/;

describe("gatehouse check", () => {
  const cleanups = cleanupsAfterEach();

  it("passes the demo configuration with exit 0 and a summary", async () => {
    const out = await gatehouse("check", "--config", "config/demo");
    // Git keeps the demo's password files at the checkout's umask: each is warned about when others may read it.
    const files: readonly [string, string, string][] = [
      ["15:7", "0", "demo"],
      ["18:28", "1", "officer"],
      ["19:25", "2", "desk"],
      ["20:28", "3", "monitor"],
    ];
    const warning = files
      .map(([at, index, user]) => {
        const secret = `config/demo/secrets/${user}.password`;
        const mode = statSync(join(ROOT, secret)).mode;
        const [readable, writable] = [(mode & 0o044) !== 0, (mode & 0o022) !== 0];
        if (!readable && !writable) return "";
        const access = readable && writable ? "readable and writable" : readable ? "readable" : "writable";
        const risk = writable ? ": they may replace the password with their own" : "";
        return `config/demo/site.yaml:${at}: broker.users.${index}.password_file: warning: password file ${secret} is ${access} by group or others (mode ${(mode & 0o777).toString(8).padStart(4, "0")})${risk}; chmod 600 ${secret}\n`;
      })
      .join("");
    // The report is the output: warnings before the summary, on stdout.
    expect(out).toEqual({
      code: 0,
      stdout: `${warning}config/demo: OK: site lincoln-es, 6 doors, 30 devices, 6 badges\n`,
      stderr: "",
    });
  });

  it("prints the three mistakes of the fixture, one line each, and exits 1", async () => {
    const dir = "test/fixtures/config/three-mistakes";
    const out = await gatehouse("check", "--config", dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("");
    const lines = out.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => PROBLEM_LINE.test(l))).toEqual([
      `${dir}/devices.yaml:6:5: devices.1.colour: unknown key`,
      `${dir}/doors.yaml:7:5: doors.0.strike_ms: expected number, received string "five seconds"`,
      expect.stringMatching(new RegExp(`^${dir}/people\\.yaml:5:5: cardholders\\.0\\.role: expected one of `)) as string,
    ]);
    expect(lines.at(-1)).toBe("3 problems: the gateway will not start with this configuration");
    expect(lines).toHaveLength(4);
  });

  it("prints the three cross-reference mistakes of the other fixture and exits 1", async () => {
    const dir = "test/fixtures/config/three-reference-mistakes";
    const out = await gatehouse("check", "--config", dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("");
    const lines = out.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => PROBLEM_LINE.test(l))).toEqual([
      `${dir}/devices.yaml:4:19: devices.1.model: unknown model "acme/teleporter" (no devices/acme/teleporter.yaml)`,
      `${dir}/doors.yaml:6:5: doors.0.contact: no device "dc-front"`,
      `${dir}/people.yaml:9:32: cardholders.0.access_groups.1: no access group "night-shift"`,
    ]);
    expect(lines).toHaveLength(4);
  });

  it("regression: one bad column of 20,000 CSV lines printed 20,005 lines; five are shown and the rest counted", async () => {
    const dir = tempDir(cleanups, "gatehouse-check-");
    cpSync(join(ROOT, "test/fixtures/config/csv-people"), dir, { recursive: true });
    chmodSync(join(dir, "secrets/ops.password"), 0o600);
    const rows = Array.from({ length: 20_000 }, (_, i) => `h-${i},Holder ${i},teacher,h10301:1:${i + 1}\n`);
    writeFileSync(join(dir, "people.csv"), `id,name,role,badges\n${rows.join("")}`);
    const out = await gatehouse("check", "--config", dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("");
    const role = (i: number): string =>
      `${dir}/people.csv:${i + 2}:3: cardholders.${i}.role: expected one of "student"|"staff"|"admin"|"security"|"responder"|"visitor"|"contractor", got "teacher"`;
    expect(out.stdout.trimEnd().split("\n")).toEqual([
      ...[0, 1, 2, 3, 4].map(role),
      "… and 19995 more like this (cardholders.*.role)",
      "20000 problems: the gateway will not start with this configuration",
    ]);
  });

  it("warns of a cardholders export with no one in it (empty, or a header alone), and still exits 0", async () => {
    const dir = tempDir(cleanups, "gatehouse-check-");
    cpSync(join(ROOT, "test/fixtures/config/csv-people"), dir, { recursive: true });
    chmodSync(join(dir, "secrets/ops.password"), 0o600);
    for (const text of ["", "id,name,role,badges\n"]) {
      writeFileSync(join(dir, "people.csv"), text);
      const out = await gatehouse("check", "--config", dir);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(`${dir}/people.yaml:9:1: cardholders_file: warning: people.csv lists no cardholder: only badges on the district's list will open doors (an empty export?)`);
    }
  });

  it("warns about a broker open to the network without encryption or a password, and still exits 0", async () => {
    const dir = siteDir(cleanups, "broker:\n  host: 0.0.0.0\n  anonymous: viewer\n");
    const out = await gatehouse("check", "--config", dir);
    expect(out).toEqual({
      code: 0,
      stdout: [
        `${dir}/site.yaml:6:3: broker.host: warning: the MQTT listener on 0.0.0.0 is reachable from the network unencrypted: passwords and door commands cross it in clear text; bind it to 127.0.0.1 and give remote clients broker.tls`,
        `${dir}/site.yaml:7:3: broker.anonymous: warning: anonymous: viewer lets anyone who reaches 0.0.0.0 watch every door, alarm and safety mode without a password; set anonymous: deny, or keep every listener on 127.0.0.1`,
        `${dir}: OK: site lincoln-es, 0 doors, 0 devices, 0 badges`,
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("accepts the deprecated role operator, warning where it is written and what to write instead", async () => {
    const dir = tempDir(cleanups, "gatehouse-check-");
    cpSync(join(ROOT, "test/fixtures/config/valid-small"), dir, { recursive: true });
    chmodSync(join(dir, "secrets/ops.password"), 0o600);
    const out = await gatehouse("check", "--config", dir);
    expect(out.code).toBe(0);
    expect(out.stdout.trimEnd().split("\n")).toEqual([
      `${dir}/site.yaml:12:7: broker.users.0.role: warning: role "operator" is deprecated, it means "officer": write "officer"`,
      expect.stringMatching(/: OK: site test-school, /) as string,
    ]);
  });

  it("without --config exits 2 with the usage", async () => {
    const out = await gatehouse("check");
    expect(out.code).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatch(/^gatehouse: --config <dir> is required\n/);
    expect(out.stderr).toContain("gatehouse check --config <dir>");
  });

  it("--help prints the usage and exits 0", async () => {
    const out = await gatehouse("--help");
    expect(out.code).toBe(0);
    expect(out.stderr).toBe("");
    expect(out.stdout).toMatch(/^gatehouse \S+: school-security edge gateway\n/);
    expect(out.stdout).toContain("Usage:");
    expect(out.stdout).toContain("gatehouse check --config <dir>");
  });

  it("an unknown option exits 2 with the usage", async () => {
    const out = await gatehouse("check", "--config", "config/demo", "--colour");
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^gatehouse: .*--colour/);
  });
});
