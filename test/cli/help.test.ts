import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

describe("gatehouse <command> --help", () => {
  it.each(["report", "drills", "keygen", "check"])("%s --help prints that command's usage and exits 0", async (command) => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", command, "--help"], { cwd: ROOT });
    expect(stdout).toMatch(new RegExp(`^Usage:\\n  gatehouse ${command} `));
    expect(stdout.split("\n").filter((l) => l.startsWith("  gatehouse ")).every((l) => l.startsWith(`  gatehouse ${command} `))).toBe(true);
    expect(stdout).toContain("Every option: gatehouse --help");
  });
});
