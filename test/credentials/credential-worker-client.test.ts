import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { RequestError } from "../../src/bus/requests.js";
import { CredentialIndex } from "../../src/core/credential-index/credential-index.js";
import { CredentialWorkerClient } from "../../src/credentials/credential-worker-client.js";
import { localHolders } from "../../src/credentials/rebuild.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";
import { demoModel } from "../helpers/demo-site.js";

const site = demoModel();
// The demo model is loaded once, at module scope, for the holder tables every test shares; its
// temp dir therefore lives as long as this file, and only a suite-wide afterAll can remove it.
afterAll(site.cleanup);
const core = site.model.core;
const holders = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => ({ id: `d-${from + k}`, role: "staff", access_groups: ["staff-entry"], badges: [{ format: "h10301", facility: 200, number: from + k }] }));
const bytes = (text: string) => new TextEncoder().encode(text);
const snapshot = (version: string, list: unknown[]) =>
  bytes(JSON.stringify({ kind: "snapshot", version, part: 1, parts: 1, holders: list, transaction: `t-${version}` }));

const cleanups = cleanupsAfterEach();
let dir: string;
const client = (path = join(dir, "audit.credentials.db"), idleMs?: number) => {
  const c = new CredentialWorkerClient({ path, groups: [...core.accessGroups.keys()], local: localHolders(core) }, silentLogger(), idleMs);
  cleanups.push(() => c.close());
  return c;
};

beforeEach(() => {
  dir = tempDir(cleanups, "gatehouse-worker-");
});

describe("CredentialWorkerClient", () => {
  it("applies a list in the worker thread and hands back an index that decides on this one", async () => {
    const worker = client();
    expect(worker.running).toBe(false);
    const applied = await worker.call(snapshot("v1", holders(1, 500)), 1000);
    expect(worker.running).toBe(true);
    expect(applied).toMatchObject({ transaction: "t-v1", answer: { applied: true, holders: 500 }, live: { version: "v1", holders: 500 } });
    const built = applied.built;
    if (built === undefined) throw new Error("no index came back");
    const index = CredentialIndex.fromData(built.data);
    expect(index.holderCount).toBe(500 + core.credentials.holderCount);
    expect(index.holderId(index.findKnown("h10301", 200, 377))).toBe("d-377");
    expect(index.holderId(index.findKnown("h10301", 123, 45678))).toBe("h-1001");
  });

  it("reads a payload that is a view into a larger buffer, and leaves that buffer whole to its owner", async () => {
    const worker = client();
    const payload = snapshot("v1", holders(1, 3));
    // As a socket's chunk holds the payload among other bytes.
    const chunk = new Uint8Array(payload.length + 20).fill(0x20);
    chunk.set(payload, 10);
    const view = chunk.subarray(10, 10 + payload.length);
    await expect(worker.call(view, 1000)).resolves.toMatchObject({ answer: { applied: true, holders: 3 } });
    expect(chunk.byteLength).toBe(payload.length + 20);
    expect(view).toEqual(payload);
  });

  it("turns a refusal into a RequestError and answers the next call", async () => {
    const worker = client();
    const clash = worker.call(snapshot("v1", [...holders(1, 2), { ...holders(1, 1)[0], id: "d-other" }]), 1000);
    await expect(clash).rejects.toBeInstanceOf(RequestError);
    await expect(clash).rejects.toMatchObject({ code: "invalid_credentials", message: expect.stringContaining("d-other"), transaction: "t-v1" });
    await expect(worker.call(bytes(JSON.stringify({ kind: "snapshot", version: "v1", part: 1, parts: 1, holders: [{ id: "x" }], transaction: 7 })), 1500)).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("holders.0.role"),
      transaction: 7,
    });
    await expect(worker.call(bytes("{not json"), 1500)).rejects.toMatchObject({ code: "bad_json" });
    await expect(worker.call(snapshot("v1", holders(1, 2)), 2000)).resolves.toMatchObject({ answer: { applied: true } });
  });

  it("fails the call in flight when the thread dies, and reports it as no refusal", async () => {
    const worker = client(join("/dev/null", "cannot", "be.db"));
    const call = worker.call(snapshot("v1", holders(1, 1)), 1000);
    await expect(call).rejects.toThrow(/exited/);
    await expect(call).rejects.not.toBeInstanceOf(RequestError);
    expect(worker.running).toBe(false);
  });

  it("ends the thread after it has been idle, and starts a new one for the next call", async () => {
    const worker = client(undefined, 20);
    await worker.call(snapshot("v1", holders(1, 1)), 1000);
    await vi.waitFor(() => expect(worker.running).toBe(false));
    await expect(worker.call(snapshot("v2", holders(5, 1)), 2000)).resolves.toMatchObject({ live: { version: "v2" } });
  });

  it("fails calls in flight when it is closed", async () => {
    const worker = client();
    const failed = expect(worker.call(snapshot("v1", holders(1, 200)), 1000)).rejects.toThrow(/stopped/);
    await worker.close();
    await failed;
  });
});
