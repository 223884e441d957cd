import { randomUUID } from "node:crypto";

/** What identifies one gateway message in aedes' forward hook: its stream and number. */
export interface NumberedPacket {
  readonly brokerId: string;
  readonly brokerCounter: number;
}

/**
 * The gateway's messages meant for one client only (a response goes to the client that asked), by
 * their number on the gateway's own stream (see `gateway-publish.ts`). aedes copies a message for
 * each subscription and keeps only its MQTT fields, its stream id and its number, so those are what
 * the forward hook can look up. An entry lives from the publish until aedes has handed the message
 * to every subscriber.
 */
export class AddressedMessages {
  /** The gateway's stream id, distinct from aedes' own so that nothing else advances its numbers. */
  readonly stream = `gateway-${randomUUID()}`;
  private readonly recipients = new Map<number, string>();

  /** Message `number` of the gateway's stream goes only to the client with id `clientId`. */
  address(number: number, clientId: string): void {
    this.recipients.set(number, clientId);
  }

  /** The message was handed to every subscriber: forget its recipient. */
  done(number: number): void {
    this.recipients.delete(number);
  }

  /**
   * Whether `packet` may go to the client with id `clientId`: only a gateway message addressed to
   * it. Anything else (another stream, a message addressed to nobody or whose delivery is over) goes
   * to nobody.
   */
  isFor(packet: NumberedPacket, clientId: string): boolean {
    return packet.brokerId === this.stream && this.recipients.get(packet.brokerCounter) === clientId;
  }
}
