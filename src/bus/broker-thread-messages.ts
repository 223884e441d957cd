import type { MessagePort } from "node:worker_threads";
import type { BrokerOptions, BrokerUser, Identity, VouchedUser } from "./broker.js";
import type { GatewayPublishOptions } from "./gateway-publish.js";

/**
 * The messages between the gateway's thread and the broker's thread (broker-thread.ts and
 * broker-worker.ts). Everything in them is plain data: the structured clone copies it.
 */

/** What the broker thread starts from: the broker's options without its callbacks, and the log level. */
export interface BrokerThreadSetup {
  readonly options: Omit<BrokerOptions, "log" | "onClients">;
  /** The gateway logger's level: the broker thread sends only the records it would write. */
  readonly level: string;
}

/** Which of the broker's message hooks a watch is on (see Broker.onMessage and Broker.onRefused). */
export type WatchKind = "message" | "refused";

/** From the gateway's thread to the broker's. */
export type ToBroker =
  | { readonly t: "publish"; readonly id: number; readonly topic: string; readonly text: string; readonly opts: GatewayPublishOptions }
  | { readonly t: "watch"; readonly kind: WatchKind; readonly index: number; readonly filter: string }
  | { readonly t: "attach"; readonly port: MessagePort; readonly remote: string | undefined; readonly user: VouchedUser }
  | { readonly t: "users"; readonly users: readonly BrokerUser[] }
  | { readonly t: "close" };

/** A GatewayError as it crosses threads. */
export interface ThreadError {
  readonly code: string;
  readonly message: string;
}

/** From the broker's thread to the gateway's. */
export type FromBroker =
  | { readonly t: "ready"; readonly port: number; readonly tlsPort: number | null; readonly webSocketPort: number | null; readonly tid: number | null }
  | { readonly t: "failed"; readonly error: ThreadError }
  | { readonly t: "published"; readonly id: number; readonly error?: ThreadError }
  | { readonly t: "message"; readonly kind: WatchKind; readonly index: number; readonly topic: string; readonly payload: Uint8Array; readonly from: Identity }
  | { readonly t: "clients"; readonly count: number }
  | { readonly t: "log"; readonly level: number; readonly bindings: Record<string, unknown>; readonly args: unknown[] }
  | { readonly t: "closed" };
