import type { z } from "zod";
import { GatewayError } from "../util/errors.js";
import { didYouMean } from "../util/suggest.js";
import type { Logger } from "../util/log.js";
import { limitedLog, oncePerInterval, type Limited, type LimitedLog } from "../util/log-limiter.js";
import type { Broker, Identity } from "./broker.js";
import { describeIssues, readEnvelope, type RequestRefusal, type Transaction } from "./request-parse.js";
import { peekTransactionBytes } from "./transaction-peek.js";

export type { RouterErrorCode, Transaction } from "./request-parse.js";

/** Response envelope on `P/response/<name>` (wire format). */
export type Envelope =
  | { status: "ok"; data: unknown; transaction: Transaction }
  | { status: "error"; error: { code: string; message: string }; transaction: Transaction };

/** One request type: the schema of its fields (without `transaction`) and what to do with them. */
export interface RequestHandler<T> {
  /** Validates the request object after `transaction` was taken out. */
  schema: z.ZodType<T>;
  /** A request that changes something (a mode, a door, the credential list): local ones are audited. */
  changes?: boolean;
  /** Runs only for a valid request; its result becomes `data`. Throw `RequestError` to refuse. */
  handle(data: T, from: Identity): Promise<unknown> | unknown;
}

/**
 * A request type whose payload is read elsewhere (a worker thread, with `parseRequest`): the router
 * checks only its size and hands over the bytes. For large requests of many short strings, which
 * the main thread must not parse: `JSON.parse` interns short strings, and the engine's string table
 * then grows with them and stops the thread for tens of milliseconds each time it doubles. Even
 * their text is not made here: the bytes stay outside the JavaScript heap, so hundreds of large
 * parts add nothing to the main thread's heap for its garbage collector to copy.
 */
export interface RawRequestHandler {
  raw: true;
  changes?: boolean;
  /** Read and run the request; resolves its transaction and result. Throw `RequestError` (with the transaction) to refuse. */
  handle(payload: Uint8Array, from: Identity): Promise<{ transaction: Transaction; data: unknown }>;
}

/** Thrown by handlers for expected refusals; becomes an error envelope with that code. */
export class RequestError extends Error {
  override readonly name = "RequestError";
  constructor(
    /** Machine-readable reason, snake_case (e.g. `not_permitted`). */
    readonly code: string,
    message: string,
    /** The request's transaction, for handlers that read the payload themselves. */
    readonly transaction: Transaction = null,
  ) {
    super(message);
  }
}

/**
 * Largest request payload the router parses. No request of the API needs more than a few KiB, and
 * `JSON.parse` of megabytes blocks the event loop on a Raspberry Pi, delaying door and alarm handling.
 * aedes has no packet size limit of its own: the broker drops connections above `MAX_PACKET_BYTES`
 * (twice this), so requests in between are still answered with `too_large`.
 */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** How often one client's refused requests of one kind are logged and audited, unless told (`broker.limits.log_interval_ms`). */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

/** Longest request name an audited attempt keeps: a refused topic level may be as long as the sender likes. */
const MAX_AUDITED_NAME = 64;

/** A request name: one topic level, snake_case or kebab-case. */
const REQUEST_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** A handler of either kind. */
type AnyHandler = RequestHandler<unknown> | RawRequestHandler;

/**
 * Routes `P/request/<name>` to registered handlers and answers every request on `P/response/<name>`
 * with one envelope. A malformed request never reaches a handler; a handler never throws into MQTT.
 */
export class RequestRouter {
  private readonly handlers = new Map<string, AnyHandler>();
  private readonly log: Logger;
  /** Refused requests are a client's to repeat at will: logged once per user (or client) and reason an interval. */
  private readonly refusals: LimitedLog;
  /** Requests refused for their sender's role are audited once per user and request an interval. */
  private readonly forbidden: Limited<{ name: string; from: Identity; envelope: Envelope }>;
  private started = false;

  constructor(
    private readonly opts: {
      broker: Broker;
      prefix: string;
      log: Logger;
      /**
       * Called once a local request to a `changes` handler was answered, refused or not, and for any
       * local request refused `not_permitted` (a request the ACL refused outright included, answered
       * by nothing). Those refusals are passed on once per user and request an interval, with the count
       * of those held back since (`suppressed`), so a client repeating them cannot flood the audit log.
       */
      onLocalChange?: (name: string, from: Identity, envelope: Envelope, suppressed: number) => void;
      /**
       * Whether `from` may send the request `name` at all; a request it may not send is answered
       * `not_permitted` unread. Without it every sender may send every request (and the handlers
       * decide): the gateway passes its role table (`roles.ts`).
       */
      permits?: (name: string, from: Identity) => boolean;
      /** How often refusals are logged and audited per user and kind; default a minute, as the broker's other abuse logs. */
      refusalIntervalMs?: number;
    },
  ) {
    this.log = opts.log.child({ mod: "bus/requests" });
    const interval = opts.refusalIntervalMs ?? REFUSAL_LOG_INTERVAL_MS;
    this.refusals = limitedLog(this.log, interval);
    this.forbidden = oncePerInterval(interval, ({ name, from, envelope }, suppressed) => this.opts.onLocalChange?.(name, from, envelope, suppressed));
  }

  /** Handle requests `<name>`: listens on `P/request/<name>`, answers on `P/response/<name>`. */
  register<T>(name: string, handler: RequestHandler<T>): void;
  /** Handle requests `<name>` whose payload the handler reads itself. */
  register(name: string, handler: RawRequestHandler): void;
  register(name: string, handler: AnyHandler): void {
    if (!REQUEST_NAME.test(name)) throw new GatewayError("CONFIG_INVALID", `request name "${name}" is not a valid topic level`);
    if (this.handlers.has(name)) throw new GatewayError("CONFIG_INVALID", `request ${name} is registered twice`);
    this.handlers.set(name, handler);
  }

  /** Start listening; calling it again does nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const requests = `${this.opts.prefix}/request/+`;
    this.opts.broker.onMessage(requests, (topic, payload, from) => {
      const name = topic.slice(topic.lastIndexOf("/") + 1);
      // The answer goes to the asking client only: a response may carry what only its sender may read.
      void this.handle(name, payload, from, (envelope) => this.respond(name, envelope, from.clientId)).then((envelope) => {
        this.audit(name, from, envelope);
      });
    });
    // A role that may send no request at all has its publish refused by the broker: still an attempt.
    this.opts.broker.onRefused(requests, (topic, payload, from) => {
      const name = topic.slice(topic.lastIndexOf("/") + 1);
      const message = `${from.role ?? "anonymous"} may not send requests`;
      this.audit(name, from, errorEnvelope("not_permitted", message, peekTransactionBytes(payload)));
    });
  }

  /** Hand a local request's outcome to `onLocalChange` when it is audited (see there). */
  private audit(name: string, from: Identity, envelope: Envelope): void {
    if (envelope.status === "error" && envelope.error.code === "not_permitted") {
      const known = this.handlers.has(name);
      // Only registered names make keys of their own: made-up ones cannot multiply the records.
      const key = `${from.source} ${from.username ?? ""} ${known ? name : ""}`;
      this.forbidden(key, { name: known ? name : name.slice(0, MAX_AUDITED_NAME), from, envelope });
    } else if (this.handlers.get(name)?.changes === true) {
      this.opts.onLocalChange?.(name, from, envelope, 0);
    }
  }

  /**
   * Answer one request, whatever broker it came from: check it, run its handler with `from`, and hand
   * the one envelope to `reply` (which publishes it where the request came from). Never rejects;
   * resolves with the envelope once `reply` is done. The uplink uses this for district commands.
   */
  async handle(
    name: string,
    payload: Buffer,
    from: Identity,
    reply: (envelope: Envelope) => Promise<void> | void,
  ): Promise<Envelope> {
    const parsed = this.parse(name, payload, from);
    let envelope: Envelope;
    if ("code" in parsed) {
      const fields = { request: name, source: from.source, clientId: from.clientId, code: parsed.code };
      // By user where there is one: a client that reconnects comes back under another client id.
      this.refusals("warn", `${from.source} ${from.username ?? from.clientId} ${parsed.code}`, fields, "request refused");
      envelope = errorEnvelope(parsed.code, parsed.message, parsed.transaction);
    } else {
      envelope = await this.run(name, parsed.handler, parsed.data, parsed.transaction, from);
    }
    try {
      await reply(envelope);
    } catch (err) {
      this.log.error({ err, request: name, source: from.source }, "request reply failed");
    }
    return envelope;
  }

  /** Check size, JSON, name and schema; the handler and its validated data (or the bytes of a raw one), or why not. */
  private parse(name: string, payload: Buffer, from: Identity): RequestRefusal | { handler: AnyHandler; data: unknown; transaction: Transaction } {
    if (this.opts.permits?.(name, from) === false) {
      return { code: "not_permitted", message: `${from.role ?? "anonymous"} may not send ${name}`, transaction: peekTransactionBytes(payload) };
    }
    if (payload.length > MAX_REQUEST_BYTES) {
      // Not parsed (see MAX_REQUEST_BYTES); a `transaction` among its first bytes is still echoed.
      return { code: "too_large", message: `request exceeds ${MAX_REQUEST_BYTES} bytes`, transaction: peekTransactionBytes(payload) };
    }
    const handler = this.handlers.get(name);
    if (handler !== undefined && "raw" in handler) return { handler, data: payload, transaction: null };
    const envelope = readEnvelope(payload.toString("utf8"));
    if ("code" in envelope) return envelope;
    const transaction = envelope.transaction;
    if (handler === undefined) {
      return { code: "unknown_request", message: `no request named ${name}${didYouMean(name, this.handlers.keys())}`, transaction };
    }
    const result = handler.schema.safeParse(envelope.fields);
    if (!result.success) return { code: "invalid_request", message: describeIssues(result.error), transaction };
    return { handler, data: result.data, transaction };
  }

  /** Run a handler and turn its result or refusal into an envelope. */
  private async run(
    name: string,
    handler: AnyHandler,
    data: unknown,
    transaction: Transaction,
    from: Identity,
  ): Promise<Envelope> {
    try {
      if ("raw" in handler) {
        const done = await handler.handle(data as Uint8Array, from);
        return { status: "ok", data: done.data ?? null, transaction: done.transaction };
      }
      const result = await handler.handle(data, from);
      return { status: "ok", data: result ?? null, transaction };
    } catch (err) {
      if (err instanceof RequestError) {
        this.log.info({ request: name, clientId: from.clientId, code: err.code }, "request refused by handler");
        return errorEnvelope(err.code, err.message, err.transaction ?? transaction);
      }
      this.log.error({ err, request: name, clientId: from.clientId }, "request handler failed");
      return errorEnvelope("internal", "internal error", transaction);
    }
  }

  /** Publish the answer to the client `to`; if `data` cannot be serialised, answer `internal` instead. */
  private async respond(name: string, envelope: Envelope, to: string): Promise<void> {
    const topic = `${this.opts.prefix}/response/${name}`;
    try {
      await this.opts.broker.publish(topic, envelope, { to });
    } catch (err) {
      this.log.error({ err, request: name }, "request response could not be published");
      try {
        await this.opts.broker.publish(topic, errorEnvelope("internal", "internal error", envelope.transaction), { to });
      } catch (retryErr) {
        this.log.error({ err: retryErr, request: name }, "request error response could not be published");
      }
    }
  }
}

/** An error envelope. */
function errorEnvelope(code: string, message: string, transaction: Transaction): Envelope {
  return { status: "error", error: { code, message }, transaction };
}
