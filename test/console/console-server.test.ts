import { request } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { loadAssets, scriptGzipBytes } from "../../src/console/assets.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { expectNeverOnline } from "../helpers/mqtt-refusal.js";
import { consoleOverBroker, pageClient, postLogin, PREFIX } from "../helpers/console-server.js";

const cleanups = cleanupsAfterEach();

describe("the console's server", () => {
  it("sends its security headers: a CSP without unsafe-inline, no framing, no sniffing", async () => {
    const { server } = await consoleOverBroker(cleanups);
    for (const path of ["", "app.js", "api/site", "missing"]) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("serves at most 100 KB of gzipped JavaScript, all of it from the gateway", () => {
    const assets = loadAssets(null);
    expect(assets.has("/vendor/preact.mjs")).toBe(true);
    expect(scriptGzipBytes(assets)).toBeLessThanOrEqual(100 * 1024);
  });

  it("logs in only from its own origin, into an HttpOnly SameSite=Strict cookie", async () => {
    const { server, origin } = await consoleOverBroker(cleanups);
    expect((await postLogin(server.url, null, "officer", "officer-secret")).status).toBe(403);
    expect((await postLogin(server.url, "http://evil.example", "officer", "officer-secret")).status).toBe(403);
    expect((await postLogin(server.url, origin, "officer", "wrong")).status).toBe(401);
    const ok = await postLogin(server.url, origin, "officer", "officer-secret");
    expect(ok.status).toBe(200);
    expect(ok.setCookie).toMatch(/^gatehouse=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    const me = (await (await fetch(`${server.url}api/site`, { headers: { Cookie: ok.cookie ?? "" } })).json()) as { user: unknown };
    // This console's site names no mode rules for the officer: the page is offered no mode change.
    const modes = expect.objectContaining({ normal: { raise: [], clear: false }, lockdown: { raise: [], clear: false } });
    expect(me.user).toEqual({ username: "officer", role: "officer", requests: ["state", "mode", "door", "alarm", "incident", "visitor", "report", "muster", "drill", "drills"], modes });
    // Each session is told its own offers only, not every role's.
    expect(me).not.toHaveProperty("modeOffers");
    expect(await (await fetch(`${server.url}api/site`)).json()).toEqual({ user: null });
  });

  it("throttles failed logins per user and address, without hashing the refused ones", async () => {
    const { server, origin } = await consoleOverBroker(cleanups, {}, 2);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await postLogin(server.url, origin, "officer", "wrong")).status);
    // Two failures are let through, the third starts the refusals.
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await postLogin(server.url, origin, "admin", "admin-secret")).status).toBe(429);
  });

  it("opens the MQTT bridge only with a session and the console's origin, as the session's user", async () => {
    const { server, broker, origin } = await consoleOverBroker(cleanups);
    const refused = (headers: Record<string, string>): Promise<number> =>
      new Promise((resolve) => {
        const upgrade = { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "mqtt" };
        const req = request(`${server.url}mqtt`, { headers: { ...upgrade, ...headers } });
        req.on("response", (res) => resolve(res.statusCode ?? 0));
        req.on("upgrade", (_res, socket) => (socket.destroy(), resolve(101)));
        req.on("error", () => resolve(0));
        req.end();
      });
    const { cookie } = await postLogin(server.url, origin, "viewer", "viewer-secret");
    expect(await refused({ Origin: origin })).toBe(401);
    expect(await refused({ Origin: "http://evil.example", Cookie: cookie ?? "" })).toBe(403);
    expect(await refused({ Origin: origin, Cookie: cookie ?? "" })).toBe(101);
    const from: string[] = [];
    broker.onMessage(`${PREFIX}/request/+`, (_t, _p, id) => from.push(`${id.username}/${id.role}`));
    const desk = await postLogin(server.url, origin, "front_desk", "front_desk-secret");
    const page = pageClient(cleanups, server, origin, desk.cookie ?? "");
    page.start();
    await vi.waitFor(() => expect(page.status).toBe("online"));
    await page.publish(`${PREFIX}/request/state`, "{}", 1);
    await vi.waitFor(() => expect(from).toEqual(["front_desk/front_desk"]));
    // A page naming another user in its CONNECT is refused: it never goes online.
    await expectNeverOnline(pageClient(cleanups, server, origin, desk.cookie ?? "", "admin"));
  });

  it("closes a session's MQTT connections on logout, and refuses them after", async () => {
    const { server, broker, origin } = await consoleOverBroker(cleanups);
    const { cookie } = await postLogin(server.url, origin, "officer", "officer-secret");
    const page = pageClient(cleanups, server, origin, cookie ?? "");
    page.start();
    await vi.waitFor(() => expect(broker.clientCount()).toBe(1));
    const out = await fetch(`${server.url}api/logout`, { method: "POST", headers: { Cookie: cookie ?? "", Origin: origin } });
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    await vi.waitFor(() => expect(broker.clientCount()).toBe(0));
    expect(server.sessions.size).toBe(0);
    expect(await (await fetch(`${server.url}api/site`, { headers: { Cookie: cookie ?? "" } })).json()).toEqual({ user: null });
  });

  it("ends an idle session and its connections only once no console is open, and every session at its absolute limit", async () => {
    const { server, broker, origin, timers } = await consoleOverBroker(cleanups, { idleMs: 60_000, absoluteMs: 600_000 });
    const idle = await postLogin(server.url, origin, "viewer", "viewer-secret");
    const open = await postLogin(server.url, origin, "officer", "officer-secret");
    const page = pageClient(cleanups, server, origin, open.cookie ?? "");
    page.start();
    await vi.waitFor(() => expect(broker.clientCount()).toBe(1));
    timers.advance(120_000);
    expect(server.sessions.size).toBe(1);
    expect(await (await fetch(`${server.url}api/site`, { headers: { Cookie: idle.cookie ?? "" } })).json()).toEqual({ user: null });
    timers.advance(600_000);
    expect(server.sessions.size).toBe(0);
    await vi.waitFor(() => expect(broker.clientCount()).toBe(0));
  });
});
