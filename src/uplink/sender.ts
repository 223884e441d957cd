import type { Logger } from "../log.js";
import type { Outbox, OutboxRow } from "./outbox.js";

/** Publish one event with QoS 1; `done` runs on PUBACK (no error) or when the publish failed. */
export type PublishQos1 = (row: OutboxRow, done: (err?: Error) => void) => void;

interface InFlight {
  readonly seq: number;
  acked: boolean;
}

/**
 * Windowed delivery over one connection: up to `window` events published and not yet acknowledged,
 * read from the outbox in seq order. The cursor moves only over a contiguous prefix of PUBACKs, so a
 * restart or a new connection resends from the first event not known delivered: order is kept and
 * only QoS 1 duplicates (each with its `id`) can occur. A new connection gets a new Sender; a closed
 * one ignores late callbacks.
 */
export class Sender {
  private readonly queue: InFlight[] = [];
  private sentSeq: number;
  private closed = false;
  private caughtUp = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly publish: PublishQos1,
    private readonly window: number,
    private readonly onAcked: () => void,
    private readonly log: Logger,
  ) {
    this.sentSeq = outbox.ackedSeq;
  }

  /** Events published and not acknowledged yet. */
  get inFlight(): number {
    return this.queue.length;
  }

  /** Whether the last read found nothing more to send. */
  get idle(): boolean {
    return this.caughtUp && this.queue.length === 0;
  }

  /**
   * Fill the window from the outbox. Refills in batches of a quarter window (or when the window is
   * empty) so a drain reads the store a few hundred rows at a time, not one row per PUBACK.
   */
  pump(): void {
    if (this.closed) return;
    const free = this.window - this.queue.length;
    if (free <= 0 || (this.queue.length > 0 && free < Math.ceil(this.window / 4))) return;
    const rows = this.outbox.next(this.sentSeq, free);
    this.caughtUp = rows.length < free;
    for (const row of rows) {
      const entry: InFlight = { seq: row.seq, acked: false };
      this.queue.push(entry);
      this.sentSeq = row.seq;
      this.publish(row, (err) => this.settle(entry, err));
    }
  }

  /** Stop using this connection: later callbacks are ignored (their events are resent next time). */
  close(): void {
    this.closed = true;
  }

  private settle(entry: InFlight, err: Error | undefined): void {
    if (this.closed) return;
    if (err) {
      // MQTT.js reports a failed publish when the connection goes; the next connection resends it.
      this.log.debug({ err, seq: entry.seq }, "event publish failed");
      return;
    }
    entry.acked = true;
    let advanced = false;
    while (this.queue[0]?.acked === true) {
      this.outbox.ack((this.queue.shift() as InFlight).seq);
      advanced = true;
    }
    if (advanced) this.onAcked();
    this.pump();
  }
}
