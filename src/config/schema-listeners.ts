import { isAbsolute, join, resolve } from "node:path";
import { createSecureContext } from "node:tls";
import { z } from "zod";
import type { TlsListenerOptions, WebSocketListenerOptions } from "../bus/listeners.js";
import type { Locator, Problem } from "../source/problems.js";
import { readPem } from "./schema-uplink.js";

/**
 * The embedded broker's listeners besides the plain one: `broker.tls` (MQTT over TLS) and
 * `broker.websocket` (MQTT over WebSocket, for a browser console). Both reach the same broker, with
 * the same users, anonymous policy and ACL. The TLS key is never written in YAML: the section names
 * files, read once when the configuration is loaded.
 */

const Port = z.number().int().min(0).max(65535);

const Tls = z
  .strictObject({
    /** Address to bind; default `broker.host`. */
    host: z.string().min(1).optional(),
    /** 8883 is the registered MQTT-over-TLS port. */
    port: Port,
    /** PEM server certificate, with its intermediate CAs after it (relative to the config directory). */
    cert_file: z.string().min(1),
    /** PEM private key of the certificate. Keep it readable by the gateway's user only. */
    key_file: z.string().min(1),
    /** PEM CA(s) whose client certificates are accepted; with require_client_cert. */
    ca_file: z.string().min(1).optional(),
    /** Refuse clients without a certificate signed by ca_file, on top of their password. */
    require_client_cert: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.require_client_cert && v.ca_file === undefined) {
      ctx.addIssue({ code: "custom", path: ["ca_file"], message: "require_client_cert needs the ca_file that signs client certificates" });
    }
    if (!v.require_client_cert && v.ca_file !== undefined) {
      ctx.addIssue({ code: "custom", path: ["require_client_cert"], message: "ca_file checks client certificates only with require_client_cert: true" });
    }
  });

const WebSocket = z.strictObject({
  /** Address to bind; default `broker.host`. */
  host: z.string().min(1).optional(),
  port: Port,
  /** HTTP path of the endpoint; MQTT.js and most browser clients default to /mqtt. */
  path: z.string().regex(/^\/[^\s?#]*$/, "must be an HTTP path such as /mqtt").default("/mqtt"),
});

/** The fields these listeners add to the `broker` section. */
export const BROKER_LISTENER_FIELDS = {
  tls: Tls.optional(),
  websocket: WebSocket.optional(),
};

/** The `broker` fields the listeners are compiled from. */
export interface BrokerListenerConfig {
  readonly host: string;
  readonly port: number;
  readonly tls?: z.infer<typeof Tls> | undefined;
  readonly websocket?: z.infer<typeof WebSocket> | undefined;
}

/** The compiled listeners: PEM files read, hosts defaulted; each absent where not configured. */
export interface BrokerListeners {
  readonly tls?: TlsListenerOptions;
  readonly websocket?: WebSocketListenerOptions;
}

/** No listener besides the plain one. */
export const NO_LISTENERS: BrokerListeners = Object.freeze({});

/** Reports a problem at a field of the `broker` section. */
type At = (field: string[], message: string) => void;

/** Two listeners of the broker on one fixed port (0 picks a free one for each, so never collides). */
function portProblems(broker: BrokerListenerConfig, at: At): void {
  const taken = new Map<number, string>([[broker.port, "broker.port"]]);
  for (const [name, port] of [["tls", broker.tls?.port], ["websocket", broker.websocket?.port]] as const) {
    if (port === undefined || port === 0) continue;
    const other = taken.get(port);
    if (other !== undefined) at([name, "port"], `port ${port} is also ${other}; each listener needs its own port`);
    else taken.set(port, `broker.${name}.port`);
  }
}

/** Read the TLS files and check that the certificate, key and CA load, each failure naming its file. */
function compileTls(tls: NonNullable<BrokerListenerConfig["tls"]>, host: string, configDir: string, at: At): TlsListenerOptions | null {
  const read = (file: string | undefined, field: string): string | null => {
    if (file === undefined) return null;
    try {
      return readPem(isAbsolute(file) ? file : resolve(configDir, file));
    } catch (err) {
      at(["tls", field], (err as Error).message);
      return null;
    }
  };
  const shown = (file: string): string => (isAbsolute(file) ? file : join(configDir, file));
  const [cert, key, ca] = [read(tls.cert_file, "cert_file"), read(tls.key_file, "key_file"), read(tls.ca_file, "ca_file")];
  if (cert === null || key === null || (tls.ca_file !== undefined && ca === null)) return null;
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    at(["tls", "cert_file"], `certificate ${shown(tls.cert_file)} and key ${shown(tls.key_file)} do not load as a pair: ${(err as Error).message}`);
    return null;
  }
  if (ca !== null && tls.ca_file !== undefined) {
    try {
      createSecureContext({ ca });
    } catch (err) {
      at(["tls", "ca_file"], `CA file ${shown(tls.ca_file)} does not load: ${(err as Error).message}`);
      return null;
    }
  }
  return Object.freeze({ host: tls.host ?? host, port: tls.port, cert, key, ca, requireClientCert: tls.require_client_cert });
}

/**
 * Compile a validated `broker` section's listeners: read the TLS files (relative to `configDir`);
 * an unreadable or unusable file, or a port shared with another listener, is a problem at its field.
 */
export function compileListeners(broker: BrokerListenerConfig, configDir: string, locate: Locator): { listeners: BrokerListeners; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (field: string[], message: string): void => {
    const path = ["broker", ...field];
    problems.push({ ...locate(path), path: path.join("."), message });
  };
  portProblems(broker, at);
  const tls = broker.tls === undefined ? null : compileTls(broker.tls, broker.host, configDir, at);
  const ws = broker.websocket;
  const listeners: BrokerListeners = {
    ...(tls === null ? {} : { tls }),
    ...(ws === undefined ? {} : { websocket: Object.freeze({ host: ws.host ?? broker.host, port: ws.port, path: ws.path }) }),
  };
  return { listeners: Object.freeze(listeners), problems };
}
