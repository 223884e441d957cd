// @ts-check
/**
 * The page's live view of the site, kept from MQTT only (no second API): the retained status and
 * state topics, and the answers to this page's requests. The broker decides what this user reads.
 */
import { useEffect, useState } from "preact/hooks";
import { MqttClient } from "./mqtt.js";
import { may } from "./routes.js";

/** How long a request waits for its answer before the page says it got none. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * @typedef {{ locked: boolean, open: boolean, alarm: "none" | "held_open" | "forced_open" }} DoorState
 * @typedef {{ alarm: string, kind: string, source: string, location: string | null, priority: string,
 *   state: string, active: boolean, drill: boolean, raised_at: string, acked_by: string | null,
 *   shelved_until: string | null, count: number, latched: boolean }} OpenAlarm
 * @typedef {{ conn: string, everOnline: boolean, status: any, site: any, uplink: any,
 *   alarms: { alarms: OpenAlarm[], unacked: number } | null,
 *   doors: Record<string, DoorState>, devices: Record<string, any>,
 *   visitors: { on_site: any[], waiting: any[] } | null, holds: { holds: any[] } | null, desk: Record<string, any>,
 *   muster: any, occupancy: any, drills: any, drillRecords: Record<string, any> }} LiveState
 * @typedef {{ status: "ok", data: any } | { status: "error", error: { code: string, message: string } }} Answer
 */

/** @param {string} prefix site topic prefix @param {readonly string[]} rights the user's request rights */
export function connectLive(prefix, rights) {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const random = Math.random().toString(36).slice(2, 10);
  // No username or password: the server hands this connection to the broker as the session's user.
  const client = new MqttClient({ url: `${proto}//${location.host}/mqtt`, clientId: `console-${random}`, keepaliveS: 20 });
  /** @type {LiveState} */
  const state = { conn: "connecting", everOnline: false, status: null, site: null, uplink: null, alarms: null, doors: {}, devices: {}, visitors: null, holds: null, desk: {}, muster: null, occupancy: null, drills: null, drillRecords: {} };
  /** @type {Set<() => void>} */
  const listeners = new Set();
  /** @type {Map<string, (a: Answer) => void>} */
  const waiting = new Map();
  const emit = () => listeners.forEach((fn) => fn());
  const dec = new TextDecoder();
  client.onStatus((s) => {
    state.conn = s;
    if (s === "online") state.everOnline = true;
    emit();
  });
  client.onMessage((topic, payload) => {
    const rest = topic.slice(prefix.length + 1);
    let body;
    try {
      body = JSON.parse(dec.decode(payload));
    } catch {
      return;
    }
    if (rest.startsWith("response/")) {
      const done = waiting.get(String(body.transaction));
      waiting.delete(String(body.transaction));
      return done?.(body);
    }
    if (rest === "status") state.status = body;
    else if (rest === "state/site") state.site = body;
    else if (rest === "state/uplink") state.uplink = body;
    else if (rest === "state/alarms") state.alarms = body;
    else if (rest === "state/muster") state.muster = body;
    else if (rest === "state/occupancy") state.occupancy = body;
    else if (rest === "state/drills") state.drills = body;
    else if (rest === "event/drill") state.drillRecords = { ...state.drillRecords, [body.drill_id]: body };
    else if (rest === "state/visitors") state.visitors = body;
    else if (rest === "state/visitor_holds") state.holds = body;
    else if (rest.startsWith("state/desk/")) state.desk = { ...state.desk, [rest.slice(11)]: body };
    else if (rest.startsWith("state/door/")) state.doors = { ...state.doors, [rest.slice(11)]: body };
    else if (rest.startsWith("state/device/")) state.devices = { ...state.devices, [rest.slice(13)]: body };
    else return;
    emit();
  });
  client.subscribe(`${prefix}/status`, 1);
  client.subscribe(`${prefix}/state/#`, 1);
  client.subscribe(`${prefix}/response/+`, 1);
  // Drill records as they move, for the roles that keep them (a record's notes stay in its answers).
  if (may(rights, "drills")) client.subscribe(`${prefix}/event/drill`, 1);
  client.start();
  let counter = 0;
  return {
    state,
    client,
    /** @param {() => void} fn */
    listen(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    /**
     * Send `request/<name>` and wait for its answer (a slow one, such as a report, longer).
     * @param {string} name @param {object} body @param {number} [waitMs] @returns {Promise<Answer>}
     */
    request(name, body, waitMs = REQUEST_TIMEOUT_MS) {
      const transaction = `${random}-${++counter}`;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(transaction);
          resolve({ status: "error", error: { code: "timeout", message: "no answer from the gateway" } });
        }, waitMs);
        waiting.set(transaction, (a) => {
          clearTimeout(timer);
          resolve(a);
        });
        client.publish(`${prefix}/request/${name}`, JSON.stringify({ ...body, transaction }), 1).catch((err) => {
          clearTimeout(timer);
          waiting.delete(transaction);
          resolve({ status: "error", error: { code: "offline", message: String(err.message ?? err) } });
        });
      });
    },
  };
}

/** @typedef {ReturnType<typeof connectLive>} Live */

/** Re-render a component whenever the live state changes. @param {Live} live */
export function useLive(live) {
  const [, setVersion] = useState(0);
  useEffect(() => live.listen(() => setVersion((v) => v + 1)), [live]);
  return live.state;
}
