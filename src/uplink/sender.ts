import type { Logger } from "../util/log.js";
import type { Outbox, OutboxRow } from "./outbox.js";

/** Publish one event with QoS 1; `done` runs on PUBACK (no error) or when the publish failed. */
export type PublishQos1 = (row: OutboxRow, done: (err?: Error) => void) => void;

interface InFlight {
  readonly seq: number;
  /** Published ahead of the ordered drain. */
  readonly early: boolean;
  acked: boolean;
}

/**
 * Windowed delivery over one connection: up to `window` events published and not yet acknowledged,
 * read from the outbox in seq order. The cursor moves only over a contiguous prefix of PUBACKs, so a
 * restart or a new connection resends from the first event not known delivered: order is kept and
 * only QoS 1 duplicates (each with its `id`) can occur. A new connection gets a new Sender; a closed
 * one ignores late callbacks.
 *
 * Urgent events (see event-classes.ts) jump the queue: after each fill, the urgent events the ordered
 * drain has not reached are published in the window's free slots, so an urgent event waits at most for
 * one PUBACK, never behind a backlog. One that fits in the window goes in order, as before. When the
 * drain reaches an urgent event sent ahead it does not publish it again: it waits for that PUBACK, or
 * passes over it when the broker acknowledged it already, also on an earlier connection.
 */
export class Sender {
  private readonly queue: InFlight[] = [];
  /** Urgent events published ahead of the ordered drain and not yet reached by it, by seq. */
  private readonly ahead = new Map<number, InFlight>();
  private sentSeq: number;
  /** Urgent events up to this seq were looked at (sent ahead, or already acknowledged). */
  private urgentSeq: number;
  /** Whether the store may hold urgent events not looked at yet (cleared once a read finds no more). */
  private urgentPending = true;
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
    this.urgentSeq = outbox.ackedSeq;
  }

  /** Events published and not acknowledged yet. */
  get inFlight(): number {
    return this.queue.length + this.aheadUnacked();
  }

  /** Whether the last read found nothing more to send. */
  get idle(): boolean {
    return this.caughtUp && this.queue.length === 0;
  }

  /** Fill the window from the outbox in seq order, then send urgent events ahead in the slots left. */
  pump(): void {
    if (this.closed) return;
    this.fill();
    this.expedite();
  }

  /** New events are in the store: look for urgent ones among them, then pump. */
  wake(): void {
    this.urgentPending = true;
    this.pump();
  }

  /** Stop using this connection: later callbacks are ignored (their events are resent next time). */
  close(): void {
    this.closed = true;
  }

  /** Publish the urgent events beyond the ordered drain, as many as the window has free slots. */
  private expedite(): void {
    if (!this.urgentPending) return;
    let free = this.window - this.inFlight;
    while (this.urgentPending && free > 0) {
      const rows = this.outbox.urgent(Math.max(this.sentSeq, this.urgentSeq), free);
      this.urgentPending = rows.length === free;
      for (const row of rows) {
        this.urgentSeq = row.seq;
        if (this.outbox.isAckedAhead(row.seq)) continue;
        const entry: InFlight = { seq: row.seq, early: true, acked: false };
        this.ahead.set(row.seq, entry);
        free -= 1;
        this.publish(row, (err) => this.settle(entry, err));
      }
    }
  }

  /**
   * Fill the window in seq order. Refills in batches of a quarter window (or when the window is
   * empty) so a drain reads the store a few hundred rows at a time, not one row per PUBACK.
   */
  private fill(): void {
    const free = this.window - this.inFlight;
    if (free <= 0 || (this.queue.length > 0 && free < Math.ceil(this.window / 4))) return;
    const rows = this.outbox.next(this.sentSeq, free);
    this.caughtUp = rows.length < free;
    for (const row of rows) {
      this.sentSeq = row.seq;
      const early = this.ahead.get(row.seq);
      this.ahead.delete(row.seq);
      const entry: InFlight = early ?? { seq: row.seq, early: false, acked: this.outbox.isAckedAhead(row.seq) };
      this.queue.push(entry);
      if (early === undefined && !entry.acked) this.publish(row, (err) => this.settle(entry, err));
    }
    this.advance();
  }

  private settle(entry: InFlight, err: Error | undefined): void {
    if (this.closed) return;
    if (err) {
      // MQTT.js reports a failed publish when the connection goes; the next connection resends it.
      this.log.debug({ err, seq: entry.seq }, "event publish failed");
      return;
    }
    entry.acked = true;
    if (entry.early) this.outbox.ackAhead(entry.seq);
    this.advance();
    this.pump();
  }

  /** Move the cursor over the acknowledged prefix of the queue. */
  private advance(): void {
    let advanced = false;
    while (this.queue[0]?.acked === true) {
      this.outbox.ack((this.queue.shift() as InFlight).seq);
      advanced = true;
    }
    if (advanced) this.onAcked();
  }

  private aheadUnacked(): number {
    let n = 0;
    for (const entry of this.ahead.values()) if (!entry.acked) n += 1;
    return n;
  }
}
