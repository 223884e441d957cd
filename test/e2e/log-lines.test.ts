import { Writable } from "node:stream";
import { pino } from "pino";
import mqtt from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";
import { duplicateKeys } from "../helpers/json-keys.js";

/** pino's level number for info. */
const INFO = 30;

/** A JSON line of the gateway's log, parsed, with its text. */
interface LogLine {
  readonly text: string;
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A real pino logger at debug whose JSON lines land in `lines`. */
function capture(): { log: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write: (chunk, _enc, done) => {
      const text = String(chunk);
      lines.push({ ...(JSON.parse(text) as { level: number; msg: string }), text });
      done();
    },
  });
  return { log: pino({ level: "debug", base: { app: "gatehouse" } }, sink), lines };
}

const info = (lines: readonly LogLine[]): LogLine[] => lines.filter((l) => l.level === INFO);

/** The staff badge of the demo (FC 123, card 45678) and the student's wedge digits. */
const STAFF = { text: formatBadgeText(encodeBits("h10301", 123, 45678)), bits: encodeBits("h10301", 123, 45678) };
const STUDENT_DIGITS = "0004512345";

describe("log lines of the demo gateway", () => {
  const cleanups = cleanupsAfterEach();

  async function boot() {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const out = capture();
    const demo = await bootDemo(site.model, undefined, out.log);
    cleanups.push(demo.stop);
    return { ...demo, ...out };
  }

  it("start-up writes a handful of info lines: every device in one summary line, not one line each", async () => {
    const gw = await boot();
    const startup = info(gw.lines).map((l) => l.msg);
    expect(startup.length).toBeLessThanOrEqual(5);
    expect(startup).toContain("30 devices online");
    expect(startup).toContain("gateway online");
    // The admin client connected after start: at debug, not info.
    expect(startup.filter((m) => m.includes("mqtt client"))).toEqual([]);
  });

  it("a lockdown raise writes exactly one info line naming the mode and who (it wrote none)", async () => {
    const gw = await boot();
    const mark = gw.lines.length;
    await gw.client.request("mode", { action: "raise", mode: "lockdown" });
    await gw.client.waitForEvent((e) => e.type === "command" && e.name === "mode");
    const about = info(gw.lines.slice(mark)).filter((l) => l.text.includes("lockdown"));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ event: "mode", mode: "lockdown", action: "raised", by: "admin", actor: "demo" });
    expect(about[0]?.msg).toBe("lockdown raised by admin demo");
    // The command itself has its own line, saying who sent it.
    expect(info(gw.lines.slice(mark)).filter((l) => l.event === "command")).toMatchObject([{ request: "mode", actor: "demo", status: "ok" }]);
  });

  it("a cut panic loop is one alarm line with its location, degrades panic coverage in state/site, and clears", async () => {
    const gw = await boot();
    const mark = gw.lines.length;
    gw.gateway.submit({ kind: "device_status", device: "panic-office", status: "trouble", reason: "circuit open" });
    const alarm = await gw.client.waitForEvent((e) => e.type === "alarm");
    expect(alarm).toMatchObject({ alarm: "panic_trouble", active: true, device: "panic-office", location: "Front office", reason: "circuit open" });
    const degraded = await gw.client.request("state");
    expect(degraded).toMatchObject({ data: { summary: { panic_coverage: "degraded", panic_trouble: ["panic-office"] } } });
    expect(info(gw.lines.slice(mark)).filter((l) => l.event === "alarm").map((l) => l.msg)).toEqual([
      "panic trouble alarm at Front office: circuit open",
    ]);
    gw.gateway.submit({ kind: "device_status", device: "panic-office", status: "online", reason: "circuit restored" });
    await gw.client.waitForEvent((e) => e.type === "alarm" && !e.active);
    const full = await gw.client.request("state");
    expect(full).toMatchObject({ data: { summary: { panic_coverage: "full", panic_trouble: [] } } });
  });

  it("a badge number never appears in any line, at any level", async () => {
    const gw = await boot();
    await gw.client.sim("rdr-east-ext", { badge: STAFF.text });
    await gw.client.sim("rdr-library", { digits: STUDENT_DIGITS });
    await gw.client.waitForEvent((e) => e.type === "access" && e.door === "library");
    await gw.stop();
    const text = gw.lines.map((l) => l.text).join("");
    for (const secret of ["45678", STAFF.bits, STAFF.text, "4512345"]) expect(text).not.toContain(secret);
    expect(info(gw.lines).filter((l) => l.event === "access")).toHaveLength(2);
  });

  it("no JSON line repeats a key over a run (child bindings plus the same key in the call)", async () => {
    const gw = await boot();
    await gw.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    await gw.client.sim("rdr-east-ext", { badge: STAFF.text });
    await gw.client.sim("fire-panel", { active: true });
    await gw.client.sim("wtmd-main", { alarm: true, zones: [2] });
    await gw.client.waitForEvent((e) => e.type === "screening");
    await gw.client.request("mode", { action: "clear" });
    await gw.stop();
    const repeated = gw.lines.flatMap((l) => duplicateKeys(l.text).map((k) => `${k} in ${l.text}`));
    expect(repeated).toEqual([]);
    expect(gw.lines.length).toBeGreaterThan(10);
  });

  it("a publish the ACL refuses was logged twice with a stack: it is one warning line, without a stack", async () => {
    const gw = await boot();
    const anonymous = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.gateway.port}`, { protocolVersion: 4, reconnectPeriod: 0 });
    cleanups.push(() => anonymous.endAsync(true));
    const mark = gw.lines.length;
    const closed = new Promise<void>((resolve) => anonymous.once("close", () => resolve()));
    anonymous.publish("gatehouse/lincoln-es/request/mode", JSON.stringify({ action: "clear" }), { qos: 1 });
    await closed;
    await vi.waitFor(() => expect(gw.lines.slice(mark).filter((l) => l.level >= 40)).toHaveLength(1));
    const [line] = gw.lines.slice(mark).filter((l) => l.level >= 40);
    expect(line).toMatchObject({ msg: "mqtt publish refused", topic: "gatehouse/lincoln-es/request/mode" });
    expect(gw.lines.slice(mark).some((l) => l.text.includes("stack"))).toBe(false);
  });
});

