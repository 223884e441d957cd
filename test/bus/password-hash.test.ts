import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPasswordFile, parsePasswordFile, renderPasswordFile, userEntry } from "../../src/bus/password-file.js";
import { encodePasswordHash, hashPassword, parsePasswordHash, verifyPassword } from "../../src/bus/password-hash.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { mosquittoPasswd } from "../helpers/mosquitto-passwd.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();

/** A password file written by mosquitto_passwd: alice ($7$, the 2.x default) and bob ($6$, 1.x). */
function mosquittoFile(): string {
  const file = join(tempDir(cleanups, "gatehouse-pwhash-"), "passwd");
  mosquittoPasswd(file, "alice", "alice-pw");
  mosquittoPasswd(file, "bob", "bob-pw", "sha512");
  return readFileSync(file, "utf8");
}

/** The parsed hash of `user` in `text`. */
function hashOf(text: string, user: string) {
  const entry = userEntry(text, user);
  if (!entry.ok) throw new Error(entry.reason);
  const hash = parsePasswordHash(entry.hash);
  if (hash === undefined) throw new Error(`unparsable hash for ${user}`);
  return hash;
}

describe("mosquitto password hashes", () => {
  it("verifies the $7$ and $6$ hashes mosquitto_passwd writes, and refuses other passwords", async () => {
    const text = mosquittoFile();
    expect(isPasswordFile(text)).toBe(true);
    const alice = hashOf(text, "alice");
    const bob = hashOf(text, "bob");
    expect(alice).toMatchObject({ kind: "pbkdf2-sha512", iterations: 101 });
    expect(bob).toMatchObject({ kind: "sha512" });
    expect(await verifyPassword(alice, Buffer.from("alice-pw"))).toBe(true);
    expect(await verifyPassword(bob, Buffer.from("bob-pw"))).toBe(true);
    expect(await verifyPassword(alice, Buffer.from("bob-pw"))).toBe(false);
    expect(await verifyPassword(bob, Buffer.from("alice-pw"))).toBe(false);
    expect(await verifyPassword(alice, Buffer.alloc(0))).toBe(false);
  });

  it("encodes a new hash as mosquitto does, and reads back what it wrote", async () => {
    const hash = await hashPassword("n3w-pw");
    const encoded = encodePasswordHash(hash);
    expect(encoded).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    const again = parsePasswordHash(encoded);
    expect(again).toEqual(hash);
    expect(await verifyPassword(again ?? hash, Buffer.from("n3w-pw"))).toBe(true);
    expect(await verifyPassword(again ?? hash, Buffer.from("n3w-pX"))).toBe(false);
  });

  it.each([
    ["plain text", "secret"],
    ["an unknown scheme", "$5$abc$def"],
    ["no iterations", "$7$$c2FsdA==$aGFzaA=="],
    ["too many iterations", `$7$99999999$c2FsdA==$${"A".repeat(86)}==`],
    ["a hash too short to mean anything", "$7$101$c2FsdHNhbHRzYWx0$A"],
    ["an empty salt", `$6$$${"A".repeat(86)}==`],
    ["characters outside base64", `$6$sa!t$${"A".repeat(86)}==`],
  ])("refuses %s", (_what, encoded) => {
    expect(parsePasswordHash(encoded)).toBeUndefined();
  });
});

describe("mosquitto password files", () => {
  it("keeps comments and blank lines, and finds each user's line", () => {
    const text = `# gatehouse users\n\nops:$6$c2FsdA==$${"A".repeat(86)}==\nplain:secret\n`;
    expect(renderPasswordFile(parsePasswordFile(text))).toBe(text);
    expect(userEntry(text, "ops").ok).toBe(true);
    expect(userEntry(text, "nobody")).toEqual({ ok: false, reason: "has no line for user nobody", absent: true });
    expect(userEntry(text, "plain")).toMatchObject({ ok: false, reason: expect.stringContaining("no usable hash") });
    expect(userEntry(`${text}ops:$6$x$y\n`, "ops")).toEqual({ ok: false, reason: "has 2 lines for user ops" });
  });

  it("tells a password file from a file holding a lone password", () => {
    expect(isPasswordFile("lincoln-demo-only\n")).toBe(false);
    expect(isPasswordFile("pass:word\n")).toBe(false);
    expect(isPasswordFile("# users\nops:$7$101$abc$def\n")).toBe(true);
  });
});
