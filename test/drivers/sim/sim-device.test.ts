import { describe, expect, it, vi } from "vitest";
import { ResponseEnvelope, StateResponseData } from "../../../src/bus/response-schemas.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { bootDemo, demoModel } from "../../helpers/demo-site.js";

describe("a simulated reader", () => {
  const cleanups = cleanupsAfterEach();

  it("badge text that is no badge was not counted: it is a bad frame, like a payload that fails its schema", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await bootDemo(site.model);
    cleanups.push(gw.stop);
    const counters = async () => {
      const answer = ResponseEnvelope.parse(await gw.client.request("state"));
      if (answer.status !== "ok") throw new Error(answer.error.message);
      return StateResponseData.parse(answer.data).devices.find((d) => d.id === "rdr-main-outer-ext");
    };
    await gw.client.sim("rdr-main-outer-ext", { badge: "nonsense" });
    await vi.waitFor(async () => expect(await counters()).toMatchObject({ frames_ok: 0, frames_bad: 1 }));
    await gw.client.sim("rdr-main-outer-ext", { pin: 12 });
    await vi.waitFor(async () => expect(await counters()).toMatchObject({ frames_ok: 0, frames_bad: 2 }));
  });
});
