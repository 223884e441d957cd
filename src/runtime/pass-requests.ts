import type { Identity } from "../bus/broker.js";
import { PassRequest } from "../bus/request-pass.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import type { VisitorRoster } from "../visitors/ports.js";
import { renderPassHtml } from "../visitors/pass-html.js";

/** The page names a visitor: local desk clients only, never the district. */
function requireLocal(from: Identity): void {
  if (from.source !== "local") throw new RequestError("not_permitted", "passes are printed at the site's front desk");
}

/**
 * Register `request/pass`: `print` renders the pass of a visitor on site, as the register knows them
 * (`roster`, absent while the site has no register). The role table lets only the desk's roles send it.
 */
export function registerPassRequests(router: RequestRouter, model: RuntimeModel, roster: () => VisitorRoster | undefined): void {
  router.register("pass", {
    schema: PassRequest,
    handle: async (req, from) => {
      requireLocal(from);
      const visitor = roster()?.onSite().find((v) => v.visitor_id === req.visitor_id);
      if (visitor === undefined) throw new RequestError("not_found", "no visitor on site with that id");
      if (visitor.pass === null) throw new RequestError("not_found", "that visitor holds no pass");
      const html = await renderPassHtml({
        site: model.site.name,
        timezone: model.site.timezone,
        name: visitor.name,
        host: visitor.host,
        destination: model.visitors?.destinations.get(visitor.destination)?.name ?? visitor.destination,
        since: visitor.since,
        expires_at: visitor.pass.expires_at,
        qr: visitor.pass.qr,
        card_label: visitor.pass.card_label,
      });
      return { visitor_id: visitor.visitor_id, content_type: "text/html" as const, html };
    },
  });
}
