import { describe, expect, it } from "vitest";
import { startBroker, type Identity } from "../../src/bus/broker.js";
import { RequestRouter, type Envelope } from "../../src/bus/requests.js";
import { permitsRequest } from "../../src/bus/roles.js";
import { loadSite } from "../../src/config/load-site.js";
import { registerPassRequests } from "../../src/runtime/pass-requests.js";
import { silentLogger } from "../../src/util/log.js";
import { PassIssuer } from "../../src/visitors/pass-issuer.js";
import { PassStore } from "../../src/visitors/pass-store.js";
import type { OnSiteVisitor, VisitorRoster } from "../../src/visitors/ports.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { SCHOOL_HOURS } from "../helpers/demo-site.js";
import { loaded } from "../helpers/load-result.js";
import { visitorDemoDir } from "../helpers/visitor-site.js";

const PREFIX = "gatehouse/lincoln-es";

const from = (role: Identity["role"]): Identity =>
  role === "district" ? { source: "district", role, username: "d", clientId: "gw" } : { source: "local", role, username: "desk-1", clientId: "c-1" };

describe("request/pass", () => {
  const cleanups = cleanupsAfterEach();

  async function rig() {
    const model = loaded(loadSite({ configDir: visitorDemoDir(cleanups) }));
    if (!model.visitors) throw new Error("no visitors section");
    const issuer = new PassIssuer({ visitors: model.visitors, timezone: model.site.timezone, store: new PassStore(auditStore(cleanups).kv), submit: () => undefined, now: () => SCHOOL_HOURS });
    const pass = issuer.issue({ visitor_id: "visit-1", destination: "library", kind: "printed", expires_at: "2026-11-23T20:00:00Z" });
    if ("refused" in pass) throw new Error(pass.refused);
    // The register's side of the seam: who is on site, as it will report them.
    const visitor: OnSiteVisitor = { visitor_id: "visit-1", name: "Dana <O'Brien>", destination: "library", host: "Ms. Alvarez", since: "2026-11-23T15:00:00Z", pass };
    const roster: VisitorRoster = { onSite: () => [visitor], held: () => [], onChange: () => () => undefined };
    const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users: [], anonymous: "deny", simEnabled: false, log: silentLogger() });
    cleanups.push(() => broker.close());
    const router = new RequestRouter({ broker, prefix: PREFIX, log: silentLogger(), permits: permitsRequest });
    registerPassRequests(router, model, () => roster);
    const ask = (body: object, who: Identity): Promise<Envelope> => router.handle("pass", Buffer.from(JSON.stringify({ ...body, transaction: "t-1" })), who, () => undefined);
    return { ask, pass };
  }

  it("answers the desk with the visitor's printable pass, its name escaped and its code drawn", async () => {
    const { ask, pass } = await rig();
    for (const role of ["front_desk", "admin"] as const) {
      const answer = await ask({ action: "print", visitor_id: "visit-1" }, from(role));
      expect(answer).toMatchObject({ status: "ok", data: { visitor_id: "visit-1", content_type: "text/html" } });
      const html = answer.status === "ok" ? String((answer.data as { html: string }).html) : "";
      expect(html).toContain("Dana &#60;O&#39;Brien&#62;");
      expect(html).not.toContain("<O'Brien>");
      expect(html).toContain("<svg");
      expect(html).toContain("Library");
      expect(pass.qr).toMatch(/^\d{20}$/);
    }
  });

  it("is refused to every other role and to the district, and for a visitor not on site", async () => {
    const { ask } = await rig();
    for (const role of ["viewer", "monitor", "officer", "audit", "sim", "device", null, "district"] as const) {
      expect(await ask({ action: "print", visitor_id: "visit-1" }, from(role))).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    }
    expect(await ask({ action: "print", visitor_id: "visit-2" }, from("front_desk"))).toMatchObject({ error: { code: "not_found" } });
    expect(await ask({ action: "issue", visitor_id: "visit-1" }, from("front_desk"))).toMatchObject({ error: { code: "invalid_request" } });
  });
});
