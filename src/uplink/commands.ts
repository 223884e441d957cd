import type { MqttClient } from "mqtt";
import type { DistrictIdentity } from "../bus/broker.js";
import type { Envelope, RequestRouter } from "../bus/requests.js";
import type { SiteTopics } from "../bus/topics.js";
import { peekTransactionBytes } from "../bus/transaction-peek.js";
import type { CommandEvent } from "../core/events.js";
import type { Logger } from "../util/log.js";
import type { CommandGuard } from "./command-guard.js";

/** Longest request name kept in the audit record: real names are short, a topic level may be 64 KiB. */
const MAX_RECORDED_NAME = 100;

/**
 * Commands from the district: requests published on the district broker's `P/request/<name>` are
 * checked by the guard (signature, freshness, replay, the signer's role), then run through the same
 * router and handlers as local requests, with a district identity naming the signer, and are
 * answered on the district broker's `P/response/<name>`. Every command and its outcome, refused or
 * not, becomes a `command` event in the audit log (and so reaches the district again through the
 * outbox), with the operator and key of a verified signature.
 */
export class DistrictCommands {
  private readonly requestPrefix: string;
  /** The verdict of the latest command: each command runs only after the one before it was checked. */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly router: RequestRouter,
    private readonly topics: SiteTopics,
    private readonly identity: DistrictIdentity,
    private readonly guard: CommandGuard,
    private readonly record: (event: CommandEvent) => void,
    private readonly log: Logger,
  ) {
    this.requestPrefix = `${topics.prefix}/request/`;
  }

  /** The filter to subscribe to on the district broker. */
  get filter(): string {
    return `${this.requestPrefix}+`;
  }

  /** Whether a message on `topic` is a district request. */
  matches(topic: string): boolean {
    return topic.startsWith(this.requestPrefix) && !topic.slice(this.requestPrefix.length).includes("/");
  }

  /**
   * Check and run one district request and answer it on `client`. Never rejects. The answer is
   * published with QoS 1 without waiting for its PUBACK, so a link that drops mid-answer cannot hold
   * the audit record.
   */
  async handle(client: MqttClient, topic: string, payload: Buffer): Promise<void> {
    const name = topic.slice(this.requestPrefix.length);
    const reply = (envelope: Envelope): void => {
      client.publish(this.topics.response(name), JSON.stringify(envelope), { qos: 1 }, (err) => {
        if (err) this.log.warn({ err, request: name }, "district response not delivered");
      });
    };
    // Signatures are checked side by side (a large one on the thread pool), but the commands reach
    // the router in the order they arrived: a quick command never overtakes a credential part.
    const checked = this.guard.check(topic, name, payload);
    const inTurn = this.previous.then(() => checked);
    this.previous = inTurn;
    const verdict = await inTurn;
    let envelope: Envelope;
    if (verdict.ok) {
      const identity = verdict.signer === null ? this.identity : { ...this.identity, operator: verdict.signer };
      envelope = await this.router.handle(name, verdict.request, identity, reply);
    } else {
      this.log.warn({ request: name.slice(0, MAX_RECORDED_NAME), code: verdict.code }, "district command refused");
      envelope = { status: "error", error: { code: verdict.code, message: verdict.message }, transaction: peekTransactionBytes(verdict.request) };
      reply(envelope);
    }
    try {
      this.record({
        type: "command",
        source: "district",
        name: name.slice(0, MAX_RECORDED_NAME),
        transaction: envelope.transaction,
        status: envelope.status,
        error_code: envelope.status === "error" ? envelope.error.code : null,
        ...(verdict.ok && verdict.signer !== null ? { actor: verdict.signer.name, key_id: verdict.signer.keyId } : {}),
      });
    } catch (err) {
      this.log.error({ err, request: name }, "district command not recorded");
    }
  }
}
