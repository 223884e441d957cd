import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePublicKey } from "../../src/bus/ed25519-keys.js";
import { readSignedCommand, verifyCommand } from "../../src/bus/signed-command.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `gatehouse <args>` from source with `stdin`; its exit status and output. */
function gatehouse(args: string[], stdin = ""): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: ROOT, encoding: "buffer" }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : -1;
      resolve({ code, stdout, stderr: stderr.toString() });
    });
    child.stdin?.end(stdin);
  });
}

describe("gatehouse keygen and sign-command", () => {
  const cleanups = cleanupsAfterEach();

  it("make a key pair, then a payload the gateway verifies against the public key, for that topic only", async () => {
    const dir = tempDir(cleanups, "gatehouse-sign-");
    const prefix = join(dir, "dispatch");
    expect((await gatehouse(["keygen", "--out", prefix])).code).toBe(0);
    expect(statSync(`${prefix}.key`).mode & 0o077).toBe(0);
    const again = await gatehouse(["keygen", "--out", prefix]);
    expect(again.code).toBe(1);

    const request = '{"transaction":"t1","action":"raise","mode":"lockdown"}';
    const common = ["sign-command", "--key", `${prefix}.key`, "--key-id", "dispatch-1", "--operator", "j.alvarez", "--site", "lincoln-es", "--request", "mode"];
    for (const out of [await gatehouse([...common, request]), await gatehouse([...common, "-"], request)]) {
      expect(out.code).toBe(0);
      const command = readSignedCommand(out.stdout);
      if (command === null) throw new Error(`not a signed command: ${out.stdout.toString()}`);
      expect(command.header).toMatchObject({ key_id: "dispatch-1", operator: "j.alvarez" });
      expect(command.request.toString()).toBe(request);
      const publicKey = parsePublicKey(readFileSync(`${prefix}.pub`, "utf8"));
      expect(await verifyCommand(command, "gatehouse/lincoln-es/request/mode", publicKey)).toBe(true);
      expect(await verifyCommand(command, "gatehouse/lincoln-es/request/door", publicKey)).toBe(false);
    }
  }, 60_000);

  it.each([
    [["sign-command", "--key", "k"], 2],
    [["sign-command", "--key", "k", "--key-id", "i", "--operator", "o", "--site", "s", "--request", "mode", "{not json"], 2],
    [["sign-command", "--key", "/nonexistent.key", "--key-id", "i", "--operator", "o", "--site", "s", "--request", "mode", "{}"], 1],
    [["keygen"], 2],
  ])("exits %j with %i and says why", async (args, code) => {
    const out = await gatehouse(args);
    expect(out.code).toBe(code);
    expect(out.stderr).not.toBe("");
    expect(out.stdout.length).toBe(0);
  }, 30_000);
});
