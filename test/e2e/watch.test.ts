import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";

/** A line of `mosquitto_sub -v`: the topic, then the payload. */
interface Line {
  topic: string;
  payload: string;
}

describe("the README's watch command on the demo gateway", () => {
  const cleanups = cleanupsAfterEach();

  /** Run `mosquitto_sub -t 'gatehouse/#' -v` as the README shows it, anonymously, and collect its lines. */
  async function watch(port: number): Promise<Line[]> {
    const sub = spawn("mosquitto_sub", ["-h", "127.0.0.1", "-p", String(port), "-t", "gatehouse/#", "-v"], { stdio: ["ignore", "pipe", "inherit"] });
    cleanups.push(async () => {
      if (sub.exitCode !== null) return;
      const exited = once(sub, "exit");
      sub.kill();
      await exited;
    });
    const lines: Line[] = [];
    let rest = "";
    sub.stdout.setEncoding("utf8");
    sub.stdout.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        const space = line.indexOf(" ");
        lines.push({ topic: line.slice(0, space), payload: line.slice(space + 1) });
      }
    });
    return lines;
  }

  /** The modes that `state/site` lines announced, in order. */
  function siteModes(lines: readonly Line[], topic: string): string[] {
    return lines.filter((l) => l.topic === topic).map((l) => (JSON.parse(l.payload) as { mode: string }).mode);
  }

  it("sees a lockdown drill raised and cleared live on state/site, not only the retained copy", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gw = await bootDemo(site.model);
    cleanups.push(gw.stop);
    const siteTopic = gw.client.topics.siteState;
    const lines = await watch(gw.gateway.port);
    // The retained copy arrives once the subscription is in place.
    await vi.waitFor(() => expect(siteModes(lines, siteTopic)).toEqual(["normal"]));

    expect(await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true })).toMatchObject({ status: "ok" });
    await vi.waitFor(() => expect(siteModes(lines, siteTopic)).toEqual(["normal", "lockdown"]));
    expect(await gw.client.request("mode", { action: "clear" })).toMatchObject({ status: "ok" });
    await vi.waitFor(() => expect(siteModes(lines, siteTopic)).toEqual(["normal", "lockdown", "normal"]));

  });
});
