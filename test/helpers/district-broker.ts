import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Aedes, type AedesOptions, type AuthErrorCode } from "aedes";
import { startMosquitto } from "./mosquitto.js";

/** A district broker for uplink tests: a second aedes in process, or a mosquitto daemon. */
export interface DistrictBroker {
  readonly kind: "aedes" | "mosquitto";
  readonly url: string;
  /** MQTT version the gateway speaks to it: aedes knows only 3.1.1, mosquitto is tested with 5. */
  readonly protocolVersion: 4 | 5;
  /** Whether sessions and retained messages survive `stop`/`start`. */
  readonly persistent: boolean;
  /** Stop the broker (clients are disconnected). */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
  /** Refuse CONNECT from this client id until `release` (aedes only). */
  hold(clientId: string): void;
  release(): void;
  /** Stop and remove every temporary file. */
  dispose(): Promise<void>;
}

/** CONNACK 5, not authorized (MQTT 3.1.1 §3.2.2.3). */
const NOT_AUTHORIZED = 5 as AuthErrorCode;

/** What a test changes in the aedes district. */
export interface AedesDistrictOptions {
  /** aedes's publish hook: an error drops the publisher's connection without a PUBACK (MQTT 3.1.1). */
  readonly authorizePublish?: AedesOptions["authorizePublish"];
}

/** A fresh in-process aedes on 127.0.0.1: port 0 the first time, the same port after a restart. */
export async function startAedesDistrict(opts: AedesDistrictOptions = {}): Promise<DistrictBroker> {
  let port = 0;
  const held = new Set<string>();
  let running: { server: Server; aedes: Aedes; sockets: Set<Socket> } | null = null;
  const start = async (): Promise<void> => {
    const aedes = await Aedes.createBroker({
      ...(opts.authorizePublish === undefined ? {} : { authorizePublish: opts.authorizePublish }),
      authenticate: (client, _u, _p, done) => {
        if (!held.has(client.id)) return done(null, true);
        done(Object.assign(new Error("held"), { returnCode: NOT_AUTHORIZED }), false);
      },
    });
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      aedes.handle(socket);
    });
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
    running = { server, aedes, sockets };
  };
  const stop = async (): Promise<void> => {
    const r = running;
    running = null;
    if (r === null) return;
    const closed = new Promise<void>((resolve) => r.server.close(() => resolve()));
    await new Promise<void>((resolve) => r.aedes.close(() => resolve()));
    for (const s of r.sockets) s.destroy();
    await closed;
  };
  await start();
  return {
    kind: "aedes",
    url: `mqtt://127.0.0.1:${port}`,
    protocolVersion: 4,
    persistent: false,
    stop,
    start,
    hold: (id) => void held.add(id),
    release: () => held.clear(),
    dispose: stop,
  };
}

/** A mosquitto daemon with persistence in a temp dir (see `startMosquitto`). */
export async function startMosquittoDistrict(): Promise<DistrictBroker> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-mosquitto-"));
  const m = await startMosquitto(dir);
  return {
    kind: "mosquitto",
    url: m.url,
    protocolVersion: 5,
    persistent: true,
    stop: () => m.stop(),
    start: () => m.start(),
    hold: () => {
      throw new Error("mosquitto cannot hold a client id in these tests");
    },
    release: () => undefined,
    dispose: async () => {
      await m.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
