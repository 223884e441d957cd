/**
 * Plays a short scenario against a running demo gateway (`npm start` in another terminal) and prints
 * what happened: a valid badge, an unknown badge, a door held open, a door forced. Every event is then
 * looked up in the gateway's audit store through request/events.
 *
 *   npm run demo [-- --config config/demo]
 */
import { parseArgs } from "node:util";
import type { EventPayload } from "../src/bus/event-payloads.js";
import type { EventBody } from "../src/core/events.js";
import { SiteClient } from "../src/client/site-client.js";
import { formatBadgeText, encodeBits } from "../src/core/badge.js";
import { loadSite } from "../src/config/load-site.js";
import { eventSentence } from "../src/runtime/event-log-line.js";
import { formatProblem } from "../src/source/problems.js";

const { values } = parseArgs({ options: { config: { type: "string", default: "config/demo" } } });
const site = loadSite({ configDir: values.config as string });
if (!site.ok) {
  for (const p of site.problems) console.error(formatProblem(p));
  process.exit(1);
}
const model = site.model;
// The demo's password file holds the password itself (broker.demo: true), which this script logs in with.
const account = model.broker.accounts.find((a) => (a.role === "admin" || a.role === "sim") && "password" in a);
if (account === undefined || !("password" in account)) {
  console.error("the demo needs a broker user with role sim or admin, and a plain password file, in the config");
  process.exit(1);
}

function describe(e: EventPayload): string {
  switch (e.type) {
    case "access":
      return `access ${e.result.padEnd(7)} door=${e.door} holder=${e.holder ?? "-"} reason=${e.reason ?? "-"}`;
    case "door":
      return `door   ${e.action.padEnd(11)} door=${e.door}`;
    case "device":
      return `device ${e.status} ${e.device}`;
    default:
      // A published event is a stored one: its type differs only in fields the wire lets a client leave out.
      return eventSentence(e as EventBody);
  }
}

const client = await SiteClient.connect({
  url: `mqtt://${model.broker.host}:${model.broker.port}`,
  siteId: model.site.id,
  username: account.username,
  password: account.password,
});
client.mqtt.on("message", () => undefined);
const start = client.events.length;
const seen = () => client.events.slice(start);
const since = (n: number) => (e: EventPayload) => client.events.indexOf(e) >= n;
// Every event is printed once, in order: one that comes after its step's last line is printed
// before the next step's title, still under the step that caused it.
let printed = start;
const flush = () => {
  for (const x of client.events.slice(printed)) console.log(`  seq ${String(x.seq).padStart(5)}  ${describe(x)}`);
  printed = client.events.length;
};
const step = async (title: string, act: () => Promise<void>, match: (e: EventPayload) => boolean, timeoutMs = 5000) => {
  flush();
  const mark = client.events.length;
  console.log(`\n▶ ${title}`);
  await act();
  const e = await client.waitForEvent((x) => since(mark)(x) && match(x), timeoutMs);
  flush();
  return e;
};
const alarmMove = (alarm: string, action: string) => (e: EventPayload) => e.type === "alarm_state" && e.alarm === alarm && e.action === action;

try {
  const valid = formatBadgeText(encodeBits("h10301", 123, 45678));
  await step(
    `Pat Doe badges ${valid} at the main entrance`,
    () => client.sim("rdr-main-outer-ext", { badge: valid }),
    (e) => e.type === "access" && e.result === "granted",
  );
  await step(
    "…walks through: the door opens and closes, and the lock re-engages at once",
    async () => {
      await client.sim("dc-main-outer", { open: true });
      await client.sim("dc-main-outer", { open: false });
    },
    (e) => e.type === "door" && e.action === "closed",
  );
  await step(
    "An unknown badge at the east door",
    () => client.sim("rdr-east-ext", { badge: formatBadgeText(encodeBits("h10301", 99, 1)) }),
    (e) => e.type === "access" && e.result === "denied",
  );
  const gym = model.core.doors.get("gym");
  await step(
    `The security officer opens the gym door and props it open (held-open after ${(gym?.heldOpenMs ?? 0) / 1000} s)`,
    async () => {
      await client.sim("rdr-gym-ext", { badge: formatBadgeText(encodeBits("h10304", 4242, 300001)) });
      await client.sim("dc-gym", { open: true });
    },
    alarmMove("held_open@gym", "raised"),
    (gym?.heldOpenMs ?? 30_000) + 5000,
  );
  await step("…and closes it: the alarm returns to normal, still to be acknowledged", () => client.sim("dc-gym", { open: false }), alarmMove("held_open@gym", "returned"));
  await step("Someone forces the library door", () => client.sim("dc-library", { open: true }), alarmMove("forced_open@library", "raised"));
  await step("…and shuts it again", () => client.sim("dc-library", { open: false }), alarmMove("forced_open@library", "returned"));

  const first = seen()[0]?.seq ?? 1;
  const stored = await client.request("events", { after_seq: first - 1, limit: 1000 });
  if (stored.status !== "ok") throw new Error(`request/events failed: ${stored.error.message}`);
  const storedSeqs = new Set((stored.data as { events: { seq: number }[] }).events.map((e) => e.seq));
  const missing = seen().filter((e) => !storedSeqs.has(e.seq));
  console.log(`\n✔ ${seen().length} events seen on MQTT; ${seen().length - missing.length} of them found in the audit store.`);
  if (missing.length > 0) process.exitCode = 1;
} catch (err) {
  console.error(`\n✘ ${(err as Error).message}\n  Is the gateway running? Start it with: npm start`);
  process.exitCode = 1;
} finally {
  await client.close();
}
