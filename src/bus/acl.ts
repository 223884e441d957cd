import { drivesSimulators, sendsRequests, type BusRole } from "./roles.js";

export { BUS_ROLES, type BusRole } from "./roles.js";

/**
 * Who may publish and subscribe on the embedded broker. Pure functions: no I/O, no state.
 *
 * Topic model under the site prefix P = `gatehouse/<site_id>`:
 * - `P/status`, `P/event/<type>`, `P/state/...`, `P/response/<name>`: written only by the gateway
 *   itself, in process. No MQTT client may publish there: a spoofed event, door state or response
 *   is an attack.
 * - `P/request/<name>`: roles with at least one request right publish requests (see `roles.ts`; the
 *   request router answers `not_permitted` to a request the role may not send).
 * - `P/sim/<device_id>`: drives simulated devices; role sim or admin, and only when sim topics are on.
 * - Anything outside P (including `$SYS/...`): no client may publish or subscribe there.
 *
 * Subscriptions. aedes cannot rewrite a subscription filter into the site namespace, so the rule is
 * about what a filter can match: a filter is allowed when it is a valid MQTT filter, does not start
 * with `$`, and can match at least one topic strictly under P. So `gatehouse/#` and even `#` are
 * allowed: this broker serves one site, and the broker never forwards a message outside P to a
 * client. What a subscriber then receives is decided per message and per role by `forward.ts`:
 * requests and sim commands go to no client, a response only to the client that asked, and access
 * events carry full credential data only for the roles that need it.
 */

/** What clients without a username get: refused, or let in with read-only access to the site topics. */
export const ANONYMOUS_ACCESS = ["deny", "viewer"] as const;

/** How the broker treats clients without a username. */
export type AnonymousAccess = (typeof ANONYMOUS_ACCESS)[number];

/** What the ACL needs to know about the running gateway. */
export interface AclContext {
  /** Site prefix, `gatehouse/<site_id>`: no wildcards, no empty levels. */
  prefix: string;
  /** Whether `P/sim/<device_id>` accepts publishes (the gateway runs simulated devices). */
  simEnabled: boolean;
}

/**
 * A name level a client may use in a request or sim topic: letters, digits, `_`, `-`, and `.` after
 * the first character. No wildcards, no empty level, and no `.`/`..` levels that a careless consumer
 * could treat as path steps.
 */
const NAME_LEVEL = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Whether a client with `role` (null = anonymous) may publish on `topic`.
 * Only `P/request/<name>` and `P/sim/<device_id>` are ever writable by a client.
 */
export function mayPublish(role: BusRole | null, topic: string, ctx: AclContext): boolean {
  if (role === null) return false;
  const rest = levelsUnder(topic, ctx.prefix);
  if (rest === null || rest.length !== 2) return false;
  const [kind, name] = rest;
  if (name === undefined || !NAME_LEVEL.test(name)) return false;
  if (kind === "request") return sendsRequests(role);
  if (kind === "sim") return ctx.simEnabled && drivesSimulators(role);
  return false;
}

/**
 * Whether a client with `role` may leave a last will on `topic`. A will is published when the
 * connection drops, so a command there would fire on a pulled cable: never on a request or sim
 * topic, only where the client may publish and the message is not a command. Every topic a client
 * may publish today is a command, so every will is refused; the rule stays right when the reserved
 * device topics come.
 */
export function mayLeaveWill(role: BusRole | null, topic: string, ctx: AclContext): boolean {
  const kind = levelsUnder(topic, ctx.prefix)?.[0];
  if (kind === "request" || kind === "sim") return false;
  return mayPublish(role, topic, ctx);
}

/**
 * Whether a client with `role` (null = anonymous) may subscribe with `filter` (which may hold `+`
 * and `#`). The filter decides, whatever the role: what each role then reads of P/# is decided per
 * message (see the module comment). It must be valid
 * (MQTT 3.1.1 §4.7.1), must not start with `$`, must have no empty level, and must be able to match
 * a topic under P. See the module comment for why `#` is allowed.
 */
export function maySubscribe(role: BusRole | null, filter: string, ctx: AclContext): boolean {
  if (filter.startsWith("$")) return false;
  const levels = filter.split("/");
  if (!isValidFilter(levels)) return false;
  return filterReachesPrefix(levels, ctx.prefix.split("/"));
}

/**
 * Whether `topic` is a concrete topic strictly under `prefix` (no wildcards, no empty levels).
 * The broker forwards only such topics to clients and the gateway publishes only such topics.
 */
export function isSiteTopic(topic: string, prefix: string): boolean {
  return levelsUnder(topic, prefix) !== null;
}

/**
 * Whether an MQTT topic filter matches a concrete topic (MQTT 3.1.1 §4.7). `#` also matches the
 * parent level (`a/#` matches `a`); a wildcard in the first level does not match `$` topics (§4.7.2).
 */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  if (topic.startsWith("$") && (f[0] === "+" || f[0] === "#")) return false;
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === "#") return true;
    const actual = t[i];
    if (actual === undefined) return false;
    if (level !== "+" && level !== actual) return false;
  }
  return f.length === t.length;
}

/**
 * The levels of `topic` after `prefix`, or null when the topic is not a concrete topic strictly under
 * the prefix (outside it, equal to it, with an empty level, a wildcard or a NUL character).
 */
function levelsUnder(topic: string, prefix: string): string[] | null {
  const levels = topic.split("/");
  const base = prefix.split("/");
  if (levels.length <= base.length) return null;
  if (levels.some((level) => level === "" || /[+#\u0000]/.test(level))) return null;
  for (let i = 0; i < base.length; i++) {
    if (levels[i] !== base[i]) return null;
  }
  return levels.slice(base.length);
}

/** MQTT 3.1.1 §4.7.1: `#` alone in the last level, `+` alone in its level; we also refuse empty levels and NUL. */
function isValidFilter(levels: readonly string[]): boolean {
  return levels.every((level, i) => {
    if (level === "" || level.includes("\u0000")) return false;
    if (level === "#") return i === levels.length - 1;
    if (level === "+") return true;
    return !level.includes("#") && !level.includes("+");
  });
}

/** Whether a valid filter can match some topic strictly under the prefix (`base` = its levels). */
function filterReachesPrefix(levels: readonly string[], base: readonly string[]): boolean {
  for (let i = 0; i < base.length; i++) {
    const level = levels[i];
    if (level === undefined) return false;
    if (level === "#") return true;
    if (level !== "+" && level !== base[i]) return false;
  }
  return levels.length > base.length;
}
