import { join } from "node:path";
import { connectAsync } from "mqtt";
import { describe, expect, it } from "vitest";
import { startBroker } from "../../src/bus/broker.js";
import { RequestRouter, type Envelope } from "../../src/bus/requests.js";
import { WatchlistSync } from "../../src/screening/watchlist-sync.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";
import { entry, snapshot } from "./watch-entries.js";

const PREFIX = "gatehouse/test-site";

describe("request/watchlist roles", () => {
  const cleanups = cleanupsAfterEach();

  it("takes the list from an administrator and refuses it from an operator, changing nothing", async () => {
    const log = silentLogger();
    const users = [
      { username: "op", password: "pw", role: "operator" as const },
      { username: "adm", password: "pw", role: "admin" as const },
    ];
    const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users, anonymous: "deny", simEnabled: false, log });
    cleanups.push(() => broker.close());
    const sync = new WatchlistSync(join(tempDir(cleanups, "gatehouse-watch-"), "audit.watchlist.db"), log, () => 0);
    cleanups.push(() => sync.close());
    const router = new RequestRouter({ broker, prefix: PREFIX, log });
    sync.register(router);
    router.start();

    async function request(username: string, body: unknown): Promise<Envelope> {
      const client = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, reconnectPeriod: 0, username, password: "pw" });
      cleanups.push(() => client.endAsync(true));
      await client.subscribeAsync(`${PREFIX}/response/watchlist`);
      const answer = new Promise<Envelope>((resolve) => client.once("message", (_t, b: Buffer) => resolve(JSON.parse(b.toString()) as Envelope)));
      await client.publishAsync(`${PREFIX}/request/watchlist`, JSON.stringify({ transaction: "t-9", ...(body as object) }));
      return answer;
    }

    const list = snapshot("v1", 1, 1, [entry("w-1", "Ann", "Lee", "1970-01-01")]);
    expect(await request("op", list)).toMatchObject({ status: "error", error: { code: "not_permitted" }, transaction: "t-9" });
    expect(sync.size).toBe(0);
    expect(await request("adm", list)).toMatchObject({ status: "ok", data: { applied: true, entries: 1 }, transaction: "t-9" });
    expect(sync.size).toBe(1);
  });
});
