/**
 * The broker's thread: runs the embedded broker (broker.ts) as the gateway's thread asks
 * (broker-thread.ts), so that what clients make the broker do, from parsing packets to checking
 * passwords, never waits in line with a door decision.
 */
import { parentPort, workerData } from "node:worker_threads";
import { GatewayError } from "../util/errors.js";
import { threadId } from "../util/thread-priority.js";
import { startBroker, type Broker } from "./broker.js";
import type { BrokerThreadSetup, FromBroker, ThreadError, ToBroker } from "./broker-thread-messages.js";
import { JsonText } from "./gateway-publish.js";
import { portStream } from "./stream-port.js";
import { forwardingLogger } from "./thread-log.js";

const port = parentPort;
if (port === null) throw new Error("broker-worker runs only as a worker thread");
const setup = workerData as BrokerThreadSetup;
const send = (message: FromBroker, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);
const log = forwardingLogger(setup.level, (record) => send({ t: "log", ...record }));

/** A GatewayError's code and message, anything else's message, as they cross threads. */
const asThreadError = (err: unknown): ThreadError => ({
  code: err instanceof GatewayError ? err.code : "INTERNAL",
  message: err instanceof Error ? err.message : String(err),
});

/** Run one request of the gateway's thread on the running broker. */
function handle(broker: Broker, message: ToBroker): void {
  switch (message.t) {
    case "publish":
      broker.publish(message.topic, new JsonText(message.text), message.opts).then(
        () => send({ t: "published", id: message.id }),
        (err: unknown) => send({ t: "published", id: message.id, error: asThreadError(err) }),
      );
      return;
    case "watch": {
      const { kind, index } = message;
      const hook = kind === "message" ? broker.onMessage : broker.onRefused;
      hook(message.filter, (topic, payload, from) => {
        const own = new Uint8Array(payload);
        send({ t: "message", kind, index, topic, payload: own, from }, [own.buffer]);
      });
      return;
    }
    case "attach": {
      const stream = portStream(message.port, message.remote);
      broker.attach(stream, { socket: { remoteAddress: message.remote }, headers: {} } as never, message.user);
      return;
    }
    case "users":
      try {
        broker.setUsers(message.users);
      } catch (err) {
        log.error({ err }, "mqtt users not replaced in the broker thread");
      }
      return;
    case "close":
      void broker.close().then(() => send({ t: "closed" }));
      return;
  }
}

try {
  const broker = await startBroker({ ...setup.options, log, onClients: (count) => send({ t: "clients", count }) });
  port.on("message", (message: ToBroker) => handle(broker, message));
  send({ t: "ready", port: broker.port, tlsPort: broker.tlsPort, webSocketPort: broker.webSocketPort, tid: threadId() });
} catch (err) {
  send({ t: "failed", error: asThreadError(err) });
}
