// @ts-check
/**
 * The console's shell: log in, then connect to the broker as the session's user and show the banner,
 * the pages this role may use (routes.js) and the page chosen in the address's fragment.
 */
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { html } from "./html.js";
import { connectLive, useLive } from "./live.js";
import { ConnectionBanner, DistrictLink, ModeBanner } from "./parts/banner.js";
import { HoldNotice } from "./parts/hold-notice.js";
import { Login } from "./parts/login.js";
import { RollCallPrompt } from "./parts/rollcall-prompt.js";
import { routesFor } from "./routes.js";

/** @typedef {{ raise: string[], clear: boolean }} ModeOffer what the role may do while a mode is on */
/** @typedef {{ user: { username: string, role: string, requests: string[], modes: Record<string, ModeOffer> }, site: { id: string, name: string, prefix: string }, doors: { id: string, name: string }[], plan: any }} SiteInfo */

function currentPath() {
  return location.hash.replace(/^#\/?/, "");
}

/** @param {{ info: SiteInfo, onLogout: () => void }} props */
function Shell({ info, onLogout }) {
  const live = useMemo(() => connectLive(info.site.prefix, info.user.requests), [info]);
  const state = useLive(live);
  const routes = routesFor(info.user.requests, info.user.role);
  const [path, setPath] = useState(currentPath());
  const [page, setPage] = useState(/** @type {any} */ (null));
  const route = routes.find((r) => r.path === path) ?? routes.find((r) => r.path === (routes.some((x) => x.path === "mode") ? "mode" : "overview")) ?? routes[0];
  useEffect(() => {
    const on = () => setPath(currentPath());
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  useEffect(() => {
    let current = true;
    route?.load().then((m) => current && setPage(() => m.Page));
    return () => void (current = false);
  }, [route]);
  useEffect(() => () => live.client.close(), [live]);
  // A connection refused because the session ended (logout elsewhere, idle, its time limit) ends here.
  useEffect(() => {
    if (state.conn !== "offline") return;
    fetch("/api/site")
      .then((r) => r.json())
      .then((b) => b.user === null && (live.client.close(), onLogout()))
      .catch(() => undefined);
  }, [state.conn]);
  const logout = async () => {
    await fetch("/api/logout", { method: "POST" }).catch(() => undefined);
    live.client.close();
    onLogout();
  };
  const Page = page;
  return html`<div class="shell">
    <header class="top">
      <p class="top__site">${info.site.name}</p>
      <p class="top__user">${info.user.username} (${info.user.role.replace("_", " ")})</p>
      <button class="top__logout" onClick=${logout}>Log out</button>
    </header>
    <${ModeBanner} site=${state.site} />
    <${ConnectionBanner} conn=${state.conn} everOnline=${state.everOnline} />
    <${RollCallPrompt} state=${state} shown=${routes.some((r) => r.path === "rollcall")} here=${route?.path === "rollcall"} />
    <${HoldNotice} holds=${state.holds} shown=${routes.some((r) => r.path === "holds")} here=${route?.path === "holds"} />
    <nav aria-label="Pages"><ul>
      ${routes.map((r) => html`<li><a href=${`#/${r.path}`} aria-current=${r === route ? "page" : undefined}>${r.title}</a></li>`)}
    </ul></nav>
    <main>
      <h1>${route?.title}</h1>
      ${Page === null ? html`<p>Loading…</p>` : html`<${Page} live=${live} state=${state} info=${info} />`}
    </main>
    <footer><${DistrictLink} uplink=${state.uplink} /></footer>
  </div>`;
}

function App() {
  const [info, setInfo] = useState(/** @type {SiteInfo | null | "login"} */ (null));
  const load = async () => {
    const res = await fetch("/api/site").catch(() => null);
    const body = res !== null && res.ok ? await res.json() : null;
    setInfo(body?.user ? body : "login");
  };
  useEffect(() => void load(), []);
  if (info === null) return html`<p class="loading">Loading the console…</p>`;
  if (info === "login") return html`<${Login} onLogin=${load} />`;
  return html`<${Shell} info=${info} onLogout=${() => setInfo("login")} />`;
}

render(html`<${App} />`, /** @type {HTMLElement} */ (document.getElementById("app")));
