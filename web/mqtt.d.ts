/** Types of mqtt.js for the node tests that drive it (the browser code is checked by web/tsconfig.json). */
export type Status = "connecting" | "online" | "offline" | "closed";
export interface ClientOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  keepaliveS?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** The WebSocket class (the `ws` package's in node). */
  WebSocket?: unknown;
}
export declare function remainingLength(n: number): number[];
export declare function splitPackets(buf: Uint8Array): { packets: { type: number; flags: number; body: Uint8Array }[]; rest: Uint8Array };
export declare class MqttClient {
  constructor(opts: ClientOptions);
  status: Status;
  onMessage(fn: (topic: string, payload: Uint8Array) => void): () => boolean;
  onStatus(fn: (status: Status) => void): () => boolean;
  start(): void;
  subscribe(filter: string, qos?: 0 | 1): void;
  publish(topic: string, payload: string | Uint8Array, qos?: 0 | 1): Promise<void>;
  close(): void;
}
