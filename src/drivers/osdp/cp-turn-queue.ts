/**
 * What an online reader is sent between its polls: a change of the reader (cp-control.ts) first,
 * then the queued output commands, oldest first.
 */

import { ControlSlot, type ControlExchange } from "./cp-control.js";
import type { ReaderCommand } from "./cp-notices.js";
import { encodeReaderCommand } from "./cp-online.js";
import type { QueuedCommand } from "./cp-outgoing.js";

/** Queued output commands kept per reader; older ones are stale by the time more pile up. */
const QUEUE_LIMIT = 8;

export class ReaderQueue {
  private readonly outputs: QueuedCommand[] = [];
  /** The change of the reader under way, if any. */
  readonly control = new ControlSlot();

  /** True while something waits for the reader's next turn. */
  get waiting(): boolean {
    return this.outputs.length > 0 || this.control.waiting;
  }

  /** Checks, encodes and queues an output command; the error when it cannot. */
  enqueue(c: ReaderCommand): string | null {
    const enc = encodeReaderCommand(c);
    if (!enc.ok) return enc.error;
    if (this.outputs.length >= QUEUE_LIMIT) return "queue full";
    this.outputs.push({ kind: c.kind, command: enc.command });
    return null;
  }

  /** What goes out at this turn: the waiting change, else the oldest output command, else nothing (a poll). */
  next(): { control: ControlExchange | null; queued: QueuedCommand | null } {
    const control = this.control.take();
    return { control, queued: control === null ? (this.outputs.shift() ?? null) : null };
  }
}
