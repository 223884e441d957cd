import { connectAsync } from "mqtt";
import { describe, expect, it } from "vitest";
import { ResponseEnvelope, StateResponseData } from "../../src/bus/response-schemas.js";
import { SiteClient } from "../../src/client/site-client.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel, withAccounts } from "../helpers/demo-site.js";

const OFFICER = { username: "officer-1", password: "officer-secret" };

describe("a last will that is a command", () => {
  const cleanups = cleanupsAfterEach();

  it("is refused at CONNECT: an officer's will on request/mode raise lockdown never raises it, though the officer may", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const model = withAccounts(site.model, [{ ...OFFICER, role: "officer" as const }]);
    const gw = await bootDemo(model);
    cleanups.push(gw.stop);
    const url = `mqtt://127.0.0.1:${gw.gateway.port}`;
    const prefix = `gatehouse/${model.site.id}`;
    const will = { topic: `${prefix}/request/mode`, payload: Buffer.from('{"action":"raise","mode":"lockdown"}'), qos: 1 as const, retain: false };
    await expect(connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, ...OFFICER, will })).rejects.toMatchObject({ code: 5 });

    const mode = async (client: SiteClient): Promise<string> => {
      const answer = ResponseEnvelope.parse(await client.request("state"));
      if (answer.status !== "ok") throw new Error(answer.error.message);
      return StateResponseData.parse(answer.data).safety.mode;
    };
    expect(await mode(gw.client)).toBe("normal");
    // The same command sent live by the officer does raise lockdown: the will alone is what is refused.
    const officer = await SiteClient.connect({ url, siteId: model.site.id, ...OFFICER });
    cleanups.push(() => officer.close());
    expect(await officer.request("mode", { action: "raise", mode: "lockdown" })).toMatchObject({ status: "ok", data: { mode: "lockdown" } });
    expect(await mode(officer)).toBe("lockdown");
  });
});
