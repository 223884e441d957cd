import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSite } from "../../src/config/load-site.js";
import type { BrokerAccount, RuntimeModel } from "../../src/config/runtime-model.js";
import { SiteClient } from "../../src/client/site-client.js";
import { silentLogger, type Logger } from "../../src/util/log.js";
import { startGateway, type Gateway } from "../../src/main.js";
import type { VisitorRoster } from "../../src/visitors/ports.js";
import { ManualTimers } from "./manual-timers.js";
import { hardwareOn } from "./hardware.js";
import type { Hardware } from "../../src/drivers/hardware.js";
import type { Cleanups } from "./cleanups.js";

/**
 * The demo site (or a variant of it in `configDir`), rebound to port 0 and a fresh store in a temp dir;
 * its web console only when asked for (then on port 0 too).
 */
export function demoModel(configDir = "config/demo", opts: { console?: boolean } = {}): { model: RuntimeModel; dir: string; cleanup: () => void } {
  const loaded = loadSite({ configDir });
  if (!loaded.ok) throw new Error(`demo config invalid: ${JSON.stringify(loaded.problems)}`);
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-e2e-"));
  const model: RuntimeModel = {
    ...loaded.model,
    broker: { ...loaded.model.broker, port: 0 },
    storagePath: join(dir, "gatehouse.db"),
    console: opts.console === true && loaded.model.console ? { ...loaded.model.console, port: 0 } : null,
  };
  return { model, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The demo site (as demoModel builds it) with further broker accounts, e.g. one per staff role. */
export function demoModelWith(accounts: readonly BrokerAccount[]): ReturnType<typeof demoModel> {
  const site = demoModel();
  return { ...site, model: withAccounts(site.model, accounts) };
}

/** `model` with further broker accounts; one named like an account of the site (the demo's console users) takes its place. */
export function withAccounts(model: RuntimeModel, accounts: readonly BrokerAccount[]): RuntimeModel {
  const others = model.broker.accounts.filter((a) => !accounts.some((b) => b.username === a.username));
  return { ...model, broker: { ...model.broker, accounts: [...others, ...accounts] } };
}

/** A client of the site's API on `port`, logged in as `who`, closed after the test. */
export async function connectAs(cleanups: Cleanups, model: RuntimeModel, port: number, who: { username: string; password: string }): Promise<SiteClient> {
  const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${port}`, siteId: model.site.id, ...who });
  cleanups.push(() => client.close());
  return client;
}

/** The demo's admin account. */
export function demoAccount(model: RuntimeModel): { username: string; password: string } {
  const a = model.broker.accounts.find((x) => x.role === "admin");
  if (a === undefined || !("password" in a)) throw new Error("demo config has no admin account with a plain password");
  return { username: a.username, password: a.password };
}

/** Monday 2026-11-23 09:00 in Chicago: inside every demo schedule, after morning entry. */
export const SCHOOL_HOURS = Date.parse("2026-11-23T15:00:00Z");

/** A demo gateway running on manual time, with a client logged in as the demo's admin. */
export interface DemoGateway {
  readonly gateway: Gateway;
  readonly client: SiteClient;
  readonly timers: ManualTimers;
  /** Close the client and stop the gateway; a second call does nothing. */
  stop(): Promise<void>;
}

/**
 * Start the demo site (as built by demoModel) and connect the admin client; quiet unless given a logger;
 * `visitors`: a front desk register; `fakes`: hardware a test fakes (e.g. a HID bus).
 */
export async function bootDemo(
  model: RuntimeModel,
  start = SCHOOL_HOURS,
  log: Logger = silentLogger(),
  visitors?: VisitorRoster,
  fakes: Partial<Omit<Hardware, "clock">> = {},
): Promise<DemoGateway> {
  const timers = new ManualTimers(start);
  const gateway = await startGateway({ model, log, hardware: hardwareOn(timers, fakes), ...(visitors === undefined ? {} : { visitors }) });
  const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gateway.port}`, siteId: model.site.id, ...demoAccount(model) });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await client.close();
    await gateway.stop();
  };
  return { gateway, client, timers, stop };
}
