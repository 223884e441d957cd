import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { CommandGuard } from "../../src/uplink/command-guard.js";
import { ReplayCache } from "../../src/uplink/replay-cache.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { operatorKey, signedPolicy, signedRequest } from "../helpers/district-keys.js";
import { tempDir } from "../helpers/temp-dir.js";
import { LAB_COMMANDS } from "../helpers/uplink-harness.js";

const SITE = "lincoln-es";
const TOPIC = `gatehouse/${SITE}/request/mode`;
const NOW = Date.parse("2026-11-23T13:45:00Z");
const dispatch = operatorKey("dispatch-1", "dispatcher");
const raise = (t: string) => ({ action: "raise", mode: "lockdown", transaction: t });

describe("the guard of district commands", () => {
  const cleanups = cleanupsAfterEach();

  function guard(policy: ConstructorParameters<typeof CommandGuard>[0], maxIds?: number): CommandGuard {
    const db = openDatabase(join(tempDir(cleanups, "gatehouse-guard-"), "gatehouse.db"), silentLogger());
    cleanups.push(() => void db.close());
    return new CommandGuard(policy, new ReplayCache(db, silentLogger(), NOW, maxIds), () => NOW);
  }

  it("refuses a command once the replay cache is full of fresh ids, rather than forget one early", async () => {
    const g = guard(signedPolicy([dispatch]), 1);
    const first = signedRequest(dispatch.signer("j.alvarez"), SITE, "mode", raise("t1"), NOW);
    expect(await g.check(TOPIC, "mode", first)).toMatchObject({ ok: true, signer: { keyId: "dispatch-1", name: "j.alvarez", role: "dispatcher" } });
    const second = signedRequest(dispatch.signer("j.alvarez"), SITE, "mode", raise("t2"), NOW);
    expect(await g.check(TOPIC, "mode", second)).toMatchObject({ ok: false, code: "busy" });
  });

  it("in a lab, lets an unsigned command through without a signer, but still checks a signed one", async () => {
    const g = guard({ ...LAB_COMMANDS, trustedKeys: signedPolicy([dispatch]).trustedKeys });
    const unsigned = Buffer.from(JSON.stringify(raise("t1")));
    expect(await g.check(TOPIC, "mode", unsigned)).toEqual({ ok: true, request: unsigned, signer: null });
    const forged = signedRequest({ ...operatorKey("x", "dispatcher").signer("mallory"), keyId: "dispatch-1" }, SITE, "mode", raise("t2"), NOW);
    expect(await g.check(TOPIC, "mode", forged)).toMatchObject({ ok: false, code: "bad_signature" });
    const old = signedRequest(dispatch.signer("j.alvarez"), SITE, "mode", raise("t3"), NOW - 600_000);
    expect(await g.check(TOPIC, "mode", old)).toMatchObject({ ok: false, code: "stale" });
  });
});
