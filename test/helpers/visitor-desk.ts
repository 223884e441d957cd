import Database from "better-sqlite3";
import { SiteClient } from "../../src/client/site-client.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import type { HidApi } from "../../src/drivers/hid/hid-api.js";
import type { Logger } from "../../src/util/log.js";
import type { Cleanups } from "./cleanups.js";
import { bootDemo, demoModel, SCHOOL_HOURS, withAccounts, type DemoGateway } from "./demo-site.js";

/** The staff of the demo's front desk: username = role, password `<role>-secret` (as role-users.ts). */
const STAFF = (["front_desk", "officer", "viewer"] as const).map((role) => ({ username: role, password: `${role}-secret`, role }));

/** A running demo gateway with a client per desk role, and every message the viewer received. */
export interface DeskGateway extends DemoGateway {
  readonly model: RuntimeModel;
  readonly desk: SiteClient;
  readonly officer: SiteClient;
  readonly viewer: SiteClient;
  /** Every message (topic and text) a viewer subscribed to `#` received. */
  readonly seenByViewer: { topic: string; text: string }[];
}

/** The demo site (its `visitors` section included) with a front desk, an officer and a viewer account; removed after the test. */
export function deskModel(cleanups: Cleanups, configDir?: string): RuntimeModel {
  const site = demoModel(configDir);
  cleanups.push(site.cleanup);
  return withAccounts(site.model, STAFF);
}

/** Boot the desk's site (a new one unless `model` is given, to restart on its store) and connect a client per role. */
export async function bootDesk(cleanups: Cleanups, opts: { start?: number; log?: Logger; model?: RuntimeModel; hid?: HidApi } = {}): Promise<DeskGateway> {
  const model = opts.model ?? deskModel(cleanups);
  const gw = await bootDemo(model, opts.start ?? SCHOOL_HOURS, opts.log, undefined, opts.hid === undefined ? {} : { hid: opts.hid });
  cleanups.push(gw.stop);
  const clients: SiteClient[] = [];
  const connect = async (username: string) => {
    const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gw.gateway.port}`, siteId: model.site.id, username, password: `${username}-secret` });
    clients.push(client);
    return client;
  };
  let closed = false;
  const stop = async () => {
    if (!closed) for (const client of clients) await client.close();
    closed = true;
    await gw.stop();
  };
  cleanups.push(stop);
  const [desk, officer, viewer] = [await connect("front_desk"), await connect("officer"), await connect("viewer")];
  const seenByViewer: { topic: string; text: string }[] = [];
  viewer.mqtt.on("message", (topic, payload) => seenByViewer.push({ topic, text: payload.toString("utf8") }));
  await viewer.mqtt.subscribeAsync("#", { qos: 1 });
  return { ...gw, stop, model, desk, officer, viewer, seenByViewer };
}

/** A valid `request/visitor` sign-in, with `fields` over the defaults. */
export function signIn(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: "sign_in",
    first_name: "Dana",
    last_name: "Whitfield",
    date_of_birth: "1983-06-14",
    id_type: "driver_licence",
    id_last4: "7731",
    host: "Ms. Alvarez",
    destination: "library",
    reason: "parent conference",
    escort_required: false,
    pass_kind: "card",
    ...fields,
  };
}

/** The `visitors` table's rows of a store, read while the gateway runs. */
export function visitorRows(cleanups: Cleanups, storagePath: string): () => Record<string, unknown>[] {
  const db = new Database(storagePath, { readonly: true });
  cleanups.push(() => void db.close());
  return () => db.prepare("SELECT * FROM visitors ORDER BY arrived_at").all() as Record<string, unknown>[];
}
