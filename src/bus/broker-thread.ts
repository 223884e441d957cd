import { MessageChannel, type MessagePort, type Worker } from "node:worker_threads";
import { GatewayError, type GatewayErrorCode } from "../util/errors.js";
import type { Logger } from "../util/log.js";
import { startModuleWorker } from "../util/module-worker.js";
import { keepForeground } from "../util/thread-priority.js";
import type { Broker, BrokerOptions, Identity } from "./broker.js";
import type { FromBroker, ThreadError, ToBroker, WatchKind } from "./broker-thread-messages.js";
import { replaceUsers, userTable } from "./broker-users.js";
import { serialiseText, type GatewayPublish } from "./gateway-publish.js";
import { pipeStreamToPort } from "./stream-port.js";
import { writeRecord } from "./thread-log.js";

type MessageHandler = (topic: string, payload: Buffer, from: Identity) => void;

/** A GatewayError again from what crossed the threads. */
const fromThread = (error: ThreadError): GatewayError => new GatewayError(error.code as GatewayErrorCode, error.message);

/**
 * Start the embedded broker (broker.ts) in a thread of its own and return it as a Broker of this
 * thread. The gateway's thread decides at the doors; clients, however many and however abusive,
 * cost the broker's thread their packets, logins and deliveries, and this one only the requests the
 * broker lets through. Messages keep their order both ways (one port); the accounts are kept here
 * too, for the console's logins. If the broker's thread dies, the gateway stops with an error (a
 * gateway that nobody can watch or command must be restarted, as systemd does).
 */
export async function startBrokerThread(opts: BrokerOptions): Promise<Broker> {
  const { log: parent, onClients, ...options } = opts;
  const log = parent.child({ mod: "bus/broker" });
  const table = userTable(opts.users);
  const worker = startModuleWorker("broker-worker", import.meta.url, { options, level: parent.level });
  const send = (message: ToBroker, transfer?: readonly (MessagePort | ArrayBuffer)[]): void => worker.postMessage(message, transfer as never);
  const handlers: Record<WatchKind, MessageHandler[]> = { message: [], refused: [] };
  const published = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let clients = 0;
  let closing: Promise<void> | undefined;
  let closed: (() => void) | undefined;

  const ports = await new Promise<Extract<FromBroker, { t: "ready" }>>((resolve, reject) => {
    worker.on("message", (message: FromBroker) => {
      switch (message.t) {
        case "ready":
          return resolve(message);
        case "failed":
          return reject(fromThread(message.error));
        case "published": {
          const waiting = published.get(message.id);
          published.delete(message.id);
          if (message.error === undefined) waiting?.resolve();
          else waiting?.reject(fromThread(message.error));
          return;
        }
        case "message":
          return deliver(handlers[message.kind][message.index], message, log);
        case "clients":
          clients = message.count;
          onClients?.(clients);
          return;
        case "log":
          return writeRecord(parent, message);
        case "closed":
          return closed?.();
      }
    });
    worker.once("error", (err) => {
      reject(err);
      log.fatal({ err }, "mqtt broker thread failed");
    });
    worker.once("exit", (code) => {
      for (const waiting of published.values()) waiting.reject(new GatewayError("BUS_PAYLOAD", "the mqtt broker thread stopped"));
      published.clear();
      closed?.();
      if (closing === undefined) {
        reject(new GatewayError("BUS_LISTEN", `the mqtt broker thread stopped (exit code ${code})`));
        log.fatal({ code }, "mqtt broker thread stopped unexpectedly");
        throw new GatewayError("BUS_LISTEN", `the mqtt broker thread stopped unexpectedly (exit code ${code})`);
      }
    });
  }).catch(async (err: unknown) => {
    closing = Promise.resolve();
    await worker.terminate();
    throw err;
  });

  // The broker's thread does the gateway's work: it stays at normal priority when node's own threads yield.
  if (ports.tid !== null) worker.once("exit", keepForeground(ports.tid));
  const publish: GatewayPublish = (topic, payload, publishOpts = {}) => {
    // The broker's own publish checks the topic; a closed thread would never answer.
    if (closing !== undefined) return Promise.reject(new GatewayError("BUS_PAYLOAD", `mqtt broker is closed, cannot publish on ${topic}`));
    let text: string;
    try {
      text = serialiseText(topic, payload);
    } catch (err) {
      return Promise.reject(err);
    }
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      published.set(id, { resolve, reject });
      send({ t: "publish", id, topic, text, opts: publishOpts });
    });
  };
  const watch = (kind: WatchKind, filter: string, handler: MessageHandler): void => {
    const index = handlers[kind].push(handler) - 1;
    send({ t: "watch", kind, index, filter });
  };
  return {
    port: ports.port,
    tlsPort: ports.tlsPort,
    webSocketPort: ports.webSocketPort,
    publish,
    onMessage: (filter, handler) => watch("message", filter, handler),
    onRefused: (filter, handler) => watch("refused", filter, handler),
    attach: (stream, request, user) => {
      const channel = new MessageChannel();
      pipeStreamToPort(stream, channel.port1);
      const remote = (stream as { remoteAddress?: string }).remoteAddress ?? request.socket.remoteAddress;
      send({ t: "attach", port: channel.port2, remote, user }, [channel.port2]);
    },
    clientCount: () => clients,
    setUsers: (list) => {
      const ended = replaceUsers(table, list, [], new WeakMap());
      send({ t: "users", users: list });
      return ended;
    },
    accounts: { roles: table.roles, passwords: table.passwords },
    close: () => (closing ??= stop(worker, send, (done) => (closed = done))),
  };
}

/** Ask the broker's thread to close the broker (its clients are disconnected), then end the thread. */
async function stop(worker: Worker, send: (message: ToBroker) => void, onClosed: (done: () => void) => void): Promise<void> {
  await new Promise<void>((resolve) => {
    onClosed(resolve);
    send({ t: "close" });
  });
  await worker.terminate();
}

/** Run a handler for a message the broker thread relayed; a throwing handler is logged, as in the broker. */
function deliver(handler: MessageHandler | undefined, message: Extract<FromBroker, { t: "message" }>, log: Logger): void {
  try {
    handler?.(message.topic, Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength), message.from);
  } catch (err) {
    log.error({ err, topic: message.topic, clientId: message.from.clientId }, "mqtt message handler failed");
  }
}
