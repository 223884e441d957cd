import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { createServer as createTlsServer } from "node:tls";
import { GatewayError } from "../util/errors.js";
import type { Logger } from "../util/log.js";

/**
 * The network ends of the embedded broker: plain MQTT over TCP, MQTT over TLS, and MQTT over
 * WebSocket. Each hands its connections to the same aedes instance, so authentication and the ACL are
 * those of the broker whatever the listener.
 */

/** An address to bind. */
export interface ListenAddress {
  /** Address to bind; `127.0.0.1` keeps the listener local to the gateway. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
}

/** MQTT over TLS (MQTT 3.1.1 §4.2: conventionally port 8883). */
export interface TlsListenerOptions extends ListenAddress {
  /** PEM server certificate (with its chain), read from `broker.tls.cert_file`. */
  cert: string;
  /** PEM private key of the certificate. */
  key: string;
  /** PEM CA(s) that sign client certificates; null when clients need none. */
  ca: string | null;
  /** Refuse clients without a certificate signed by `ca`, before their password is even read. */
  requireClientCert: boolean;
}

/** MQTT over WebSocket (MQTT 3.1.1 §6: binary frames, subprotocol "mqtt"), for browsers. */
export interface WebSocketListenerOptions extends ListenAddress {
  /** HTTP path of the WebSocket endpoint, `/mqtt` by convention. */
  path: string;
}

/** A listener to open, by kind. */
export type ListenerSpec =
  | ({ kind: "mqtt" } & ListenAddress)
  | ({ kind: "tls" } & TlsListenerOptions)
  | ({ kind: "websocket" } & WebSocketListenerOptions);

/** What a listener does with each new connection: hand it to aedes. */
export type Accept = (stream: Duplex, request?: IncomingMessage) => void;

/** An open listener. */
export interface Listener {
  readonly kind: ListenerSpec["kind"];
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** Stop accepting connections; those open stay until `end`. */
  stopAccepting(): void;
  /** End every connection left, including ones that never sent CONNECT; resolves once the server is closed. */
  end(): Promise<void>;
}

/** How each kind is named in errors and logs, and the setting that moves it to another port. */
const NAMES: Readonly<Record<ListenerSpec["kind"], { what: string; setting: string }>> = {
  mqtt: { what: "mqtt broker", setting: "broker.port" },
  tls: { what: "mqtt tls listener", setting: "broker.tls.port" },
  websocket: { what: "mqtt websocket listener", setting: "broker.websocket.port" },
};

/**
 * Longest a TLS handshake or a WebSocket upgrade may take, as long as aedes waits for CONNECT once it
 * has the connection: a socket that never finishes one holds a descriptor (Node's defaults are 120 s
 * and 60 s), and 10 s is ample on a local network.
 */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Largest WebSocket message accepted. ws buffers a whole message before handing it on (100 MiB by
 * default); a message normally carries one MQTT packet, so twice the packet limit leaves room for a
 * client that sends a few packets in one message while the packet guard still sees an oversize packet.
 */
function webSocketMessageLimit(maxPacketBytes: number): number {
  return 2 * maxPacketBytes;
}

/** The server of one kind, calling `accept` for each MQTT connection. */
async function createKindServer(spec: ListenerSpec, accept: Accept, maxPacketBytes: number, log: Logger): Promise<Server> {
  if (spec.kind === "mqtt") return createTcpServer((socket) => accept(socket));
  if (spec.kind === "tls") {
    const required = spec.requireClientCert;
    const options = {
      cert: spec.cert,
      key: spec.key,
      ...(spec.ca === null ? {} : { ca: spec.ca }),
      requestCert: required,
      rejectUnauthorized: required,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    };
    const server = createTlsServer(options, (socket) => accept(socket));
    server.on("tlsClientError", (err, socket) => log.info({ remote: socket.remoteAddress, reason: err.message }, "mqtt tls handshake refused"));
    return server;
  }
  // Loaded only for a site that serves WebSocket: ws costs a start without one a few hundred ms on a busy board.
  const { createWebSocketStream, WebSocketServer } = await import("ws");
  const server = createHttpServer({ headersTimeout: HANDSHAKE_TIMEOUT_MS, requestTimeout: HANDSHAKE_TIMEOUT_MS }, (_req, res) => {
    res.writeHead(426, { Connection: "close" }).end();
  });
  // noServer: the upgrade is handed over below, and the server's own errors stay the server's.
  const wss = new WebSocketServer({ noServer: true, path: spec.path, maxPayload: webSocketMessageLimit(maxPacketBytes) });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A request for another path is answered 400 by ws itself.
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      // A client that drops the connection mid-message surfaces here; aedes learns of it from `close`.
      stream.on("error", (err) => log.debug({ remote: req.socket.remoteAddress, reason: err.message }, "mqtt websocket error"));
      accept(stream, req);
    });
  });
  return server;
}

/**
 * Open a listener. Throws GatewayError("BUS_LISTEN") naming the address, and the setting to change
 * when the port is taken, when it cannot be bound.
 */
export async function openListener(spec: ListenerSpec, accept: Accept, maxPacketBytes: number, log: Logger): Promise<Listener> {
  const server = await createKindServer(spec, accept, maxPacketBytes, log);
  // Every raw connection, whatever the protocol on top: close ends them, handshakes and upgrades included.
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const { what, setting } = NAMES[spec.kind];
  try {
    server.listen(spec.port, spec.host);
    await once(server, "listening");
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === "EADDRINUSE";
    // Installing the mosquitto package on Debian starts its own broker on 1883, the demo's port.
    const hint = inUse ? `: the port is taken, most likely by another MQTT broker (mosquitto?); stop it or set ${setting}` : "";
    throw new GatewayError("BUS_LISTEN", `${what} cannot listen on ${spec.host}:${spec.port}${hint}`, { cause: err });
  }
  server.on("error", (err) => log.error({ err, listener: spec.kind }, "mqtt listener error"));
  const port = (server.address() as AddressInfo).port;
  log.info({ listener: spec.kind, host: spec.host, port }, "mqtt broker listening");
  let closed: Promise<void> | undefined;
  const stopAccepting = (): Promise<void> => (closed ??= new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    kind: spec.kind,
    port,
    stopAccepting: () => void stopAccepting(),
    end: async () => {
      const done = stopAccepting();
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}
