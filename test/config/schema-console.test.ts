import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { consoleOverBroker } from "../helpers/console-server.js";
import { loaded, problemsOf } from "../helpers/load-result.js";
import { siteDir } from "../helpers/site-dir.js";
import { makeTestPki } from "../helpers/test-pki.js";

let pem: { ca: string; cert: string; key: string };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-console-config-"));
  const pki = makeTestPki(dir);
  const read = (path: string): string => readFileSync(path, "utf8");
  pem = { ca: read(pki.caCert), cert: read(pki.serverCert), key: read(pki.serverKey) };
  return () => rmSync(dir, { recursive: true, force: true });
});

const cleanups = cleanupsAfterEach();
const TLS = "  tls: { cert_file: secrets/console.crt, key_file: secrets/console.key }\n";
const DOORS = "doors:\n  - { id: east, name: East door }\n";

describe("the console section", () => {
  it("serves plain HTTP on loopback by default, with the session limits in milliseconds", () => {
    const model = loaded(loadSite({ configDir: siteDir(cleanups, "console: {}\n") }));
    expect(model.console).toEqual({ host: "127.0.0.1", port: 8443, tls: null, idleMs: 1_800_000, absoluteMs: 43_200_000, floorPlan: null });
  });

  it("refuses a console on any other host without TLS", () => {
    const problems = problemsOf(loadSite({ configDir: siteDir(cleanups, "console:\n  host: 0.0.0.0\n") }));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ["console.tls", "a console on a host other than loopback must be served over HTTPS: set tls.cert_file and tls.key_file"],
    ]);
  });

  it("reads the TLS pair and the floor plan, and refuses a plan naming an unknown door", () => {
    const files = { "secrets/console.crt": pem.cert, "secrets/console.key": pem.key, "plan.svg": "<svg/>" };
    const plan = "  floor_plan: { file: plan.svg, width: 100, height: 50, doors: { east: [10, 20] } }\n";
    const model = loaded(loadSite({ configDir: siteDir(cleanups, `${DOORS}console:\n  host: 0.0.0.0\n${TLS}${plan}`, files) }));
    expect(model.console?.tls).toEqual({ cert: pem.cert, key: pem.key });
    expect(model.console?.floorPlan).toEqual({ svg: "<svg/>", width: 100, height: 50, doors: { east: [10, 20] } });
    const wrong = plan.replace("east", "west");
    const problems = problemsOf(loadSite({ configDir: siteDir(cleanups, `${DOORS}console:\n${wrong}`, files) }));
    expect(problems.map((p) => [p.path, p.message])).toEqual([["console.floor_plan.doors.west", "no door west in the doors section"]]);
  });

  it("over HTTPS sets a Secure __Host- cookie and HSTS", async () => {
    const { server } = await consoleOverBroker(cleanups, { tls: { cert: pem.cert, key: pem.key } });
    const origin = server.url.replace(/\/$/, "");
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await new Promise<{ status: number; cookie: string; hsts: string }>((resolve, reject) => {
      const req = request(`${server.url}api/login`, { method: "POST", ca: pem.ca, headers: { Origin: origin, "Content-Type": "application/json" } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, cookie: String(res.headers["set-cookie"]), hsts: String(res.headers["strict-transport-security"]) });
      });
      req.on("error", reject);
      req.end(JSON.stringify({ username: "officer", password: "officer-secret" }));
    });
    expect(answer.status).toBe(200);
    expect(answer.cookie).toMatch(/^__Host-gatehouse=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    expect(answer.hsts).toBe("max-age=31536000");
  });
});
