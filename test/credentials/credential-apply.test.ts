import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { RequestError } from "../../src/bus/requests.js";
import { NOT_FOUND } from "../../src/core/credential-index/credential-index.js";
import { CredentialApplier, type ListChange } from "../../src/credentials/credential-apply.js";
import { credentialsPath, openCredentialStore, type OpenCredentialStore } from "../../src/credentials/credential-db.js";
import { localHolders, type LocalHolders } from "../../src/credentials/rebuild.js";
import { CredentialsRequest } from "../../src/bus/request-schemas.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";
import { demoModel } from "../helpers/demo-site.js";

const site = demoModel();
// The demo model is loaded once, at module scope, for the holder tables every test shares; its
// temp dir therefore lives as long as this file, and only a suite-wide afterAll can remove it.
afterAll(site.cleanup);
const local: LocalHolders = localHolders(site.model.core);
const groups = new Set(site.model.core.accessGroups.keys());
const holder = (id: string, number: number, access_groups = ["staff-entry"]) => ({
  id,
  role: "staff",
  access_groups,
  badges: [{ format: "h10301", facility: 200, number }],
});
const change = (body: unknown): ListChange => CredentialsRequest.parse(body) as ListChange;
const snapshot = (version: string, part: number, parts: number, holders: unknown[]) => change({ kind: "snapshot", version, part, parts, holders });

const cleanups = cleanupsAfterEach();
let dir: string;
let open: OpenCredentialStore[];
const reopen = () => {
  const opened = openCredentialStore(join(dir, "audit.credentials.db"), silentLogger());
  open.push(opened);
  cleanups.push(() => void opened.db.close());
  return new CredentialApplier(local, groups, opened.store);
};
const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (err) {
    if (err instanceof RequestError) return err.code;
    throw err;
  }
  return "applied";
};

beforeEach(() => {
  dir = tempDir(cleanups, "gatehouse-cred-");
  open = [];
  });

describe("credential store file", () => {
  it("sits beside the audit store, named after it", () => {
    expect(credentialsPath("/var/lib/gatehouse/audit.db")).toBe("/var/lib/gatehouse/audit.credentials.db");
    expect(credentialsPath("/data/store")).toBe("/data/store.credentials.db");
  });
});

describe("CredentialApplier", () => {
  it("makes a snapshot live only with its last part, and builds an index of it with the local holders", () => {
    const applier = reopen();
    expect(applier.load()).toBeNull();
    const first = applier.apply(snapshot("v1", 1, 2, [holder("d-1", 1)]), 1000);
    expect(first).toMatchObject({ answer: { applied: false, received: 1, parts: 2 }, live: null });
    expect(first.built).toBeUndefined();
    const second = applier.apply(snapshot("v1", 2, 2, [holder("d-2", 2)]), 2000);
    expect(second.answer).toMatchObject({ applied: true, holders: 2 });
    expect(second.live).toMatchObject({ snapshot: "v1", version: "v1", holders: 2 });
    const index = second.built?.index;
    expect(index?.holderId(index.findKnown("h10301", 200, 2))).toBe("d-2");
    // The demo's own cardholders are indexed too, and their profiles keep their numbers.
    expect(index?.holderId(index.findKnown("h10301", 123, 45678))).toBe("h-1001");
    expect(second.built?.groupIds.slice(0, local.profileGroups.length)).toEqual(local.profileGroups);
  });

  it("keeps the live list across a reopen, applies a delta on it, and refuses one on another version", () => {
    const first = reopen();
    first.apply(snapshot("v1", 1, 1, [holder("d-1", 1), holder("d-2", 2)]), 1000);
    const again = reopen();
    expect(again.live).toMatchObject({ version: "v1", holders: 2 });
    expect(refusal(() => again.apply(change({ kind: "delta", version: "v9", base_version: "v0", remove: ["d-1"] }), 2000))).toBe("version_mismatch");
    const delta = again.apply(change({ kind: "delta", version: "v2", base_version: "v1", upsert: [holder("d-3", 3)], remove: ["d-1"] }), 3000);
    expect(delta.answer).toMatchObject({ applied: true, holders: 2 });
    const index = reopen().load()?.index;
    expect(index?.findKnown("h10301", 200, 1)).toBe(NOT_FOUND);
    expect(index?.holderId(index.findKnown("h10301", 200, 3))).toBe("d-3");
  });

  it("refuses a list with a badge given twice, an unknown group, a part past the count or a live version, and keeps the old one", () => {
    const applier = reopen();
    applier.apply(snapshot("a", 1, 1, [holder("d-1", 1)]), 1000);
    expect(refusal(() => applier.apply(snapshot("b", 1, 1, [holder("d-5", 5), holder("d-6", 5)]), 2000))).toBe("invalid_credentials");
    expect(refusal(() => applier.apply(snapshot("c", 1, 1, [holder("d-7", 7, ["no-such-group"])]), 2000))).toBe("invalid_request");
    expect(refusal(() => applier.apply(snapshot("c", 3, 2, [holder("d-7", 7)]), 2000))).toBe("invalid_request");
    expect(refusal(() => applier.apply(snapshot("a", 1, 1, [holder("d-7", 7)]), 2000))).toBe("version_exists");
    applier.apply(snapshot("e", 1, 3, [holder("d-8", 8)]), 2000);
    expect(refusal(() => applier.apply(snapshot("e", 2, 2, [holder("d-9", 9)]), 2000))).toBe("invalid_request");
    expect(applier.live).toMatchObject({ version: "a", holders: 1 });
    expect(reopen().load()?.index.findKnown("h10301", 200, 1)).not.toBe(NOT_FOUND);
  });

  it("forgets a refused list and a refused part, so the corrected one goes in under the same version", () => {
    const applier = reopen();
    expect(refusal(() => applier.apply(snapshot("b", 1, 1, [holder("d-5", 5), holder("d-6", 5)]), 1000))).toBe("invalid_credentials");
    expect(applier.apply(snapshot("b", 1, 1, [holder("d-5", 5), holder("d-6", 6)]), 2000).answer).toMatchObject({ applied: true, holders: 2 });
    applier.apply(snapshot("e", 1, 3, [holder("d-8", 8)]), 3000);
    expect(refusal(() => applier.apply(snapshot("e", 2, 2, [holder("d-9", 9)]), 3000))).toBe("invalid_request");
    applier.apply(snapshot("e", 2, 3, [holder("d-10", 10)]), 3000);
    const done = applier.apply(snapshot("e", 3, 3, [holder("d-11", 11)]), 3000);
    expect(done.answer).toMatchObject({ applied: true, holders: 3 });
    expect(done.built?.index.findKnown("h10301", 200, 9)).toBe(NOT_FOUND);
  });

  it("prunes every list but the live one once a new one is live", () => {
    const applier = reopen();
    applier.apply(snapshot("a", 1, 1, [holder("d-1", 1)]), 1000);
    applier.apply(snapshot("b", 1, 1, [holder("d-2", 2), holder("d-3", 3)]), 2000);
    applier.prune();
    const db = open[0]?.db;
    const versions = db?.prepare<[], { version: string }>("SELECT DISTINCT version FROM credential_rows ORDER BY version").all();
    expect(versions).toEqual([{ version: "b" }]);
  });
});
