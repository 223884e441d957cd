import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { VouchedUser } from "../bus/broker.js";
import type { Logger } from "../util/log.js";
import { MAX_PACKET_BYTES } from "../bus/broker.js";
import type { Session, SessionStore } from "./sessions.js";

/** Where the page's MQTT connection goes: the broker's hand-over of an authenticated connection. */
export type Attach = (stream: Duplex, request: IncomingMessage, user: VouchedUser) => void;

/** Path of the MQTT-over-WebSocket endpoint, as MQTT clients expect it. */
export const MQTT_PATH = "/mqtt";

/**
 * The WebSocket upgrade at `/mqtt`, handed to the embedded broker as the session's user. The upgrade
 * needs a live session (its cookie) and this console's own Origin (a page of another site cannot
 * open it even if a browser sent the cookie); anything else is answered 401/403 and closed. The
 * connection is held by the session: logging out or expiry closes it.
 */
export async function mqttBridge(
  sessionOf: (req: IncomingMessage) => Session | undefined,
  sessions: SessionStore,
  attach: Attach,
  origin: (req: IncomingMessage) => boolean,
  log: Logger,
): Promise<(req: IncomingMessage, socket: Duplex, head: Buffer) => void> {
  const { createWebSocketStream, WebSocketServer } = await import("ws");
  // One MQTT packet per message normally; twice the packet limit leaves room for a few (as listeners.ts).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * MAX_PACKET_BYTES });
  return (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0];
    const session = path === MQTT_PATH ? sessionOf(req) : undefined;
    const refusal = path !== MQTT_PATH ? "404 Not Found" : !origin(req) ? "403 Forbidden" : session === undefined ? "401 Unauthorized" : null;
    if (refusal !== null || session === undefined) {
      socket.end(`HTTP/1.1 ${refusal ?? "401 Unauthorized"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on("error", (err) => log.debug({ reason: err.message }, "console mqtt websocket error"));
      sessions.hold(session, stream);
      attach(stream, req, { username: session.username, role: session.role });
    });
  };
}
