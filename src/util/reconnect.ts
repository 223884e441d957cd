import type { TimerApi } from "../time/timers.js";
import { backoffDelay, type BackoffPolicy } from "./backoff.js";

/**
 * The one reconnect state machine of the gateway. A serial port (and the OSDP bus on one), a USB HID
 * device and the district uplink each keep their link up through it: the owner opens and closes its
 * link and tells the machine what happened; the machine holds the state, the count of retries, the
 * backoff delay and its timer, so every link retries, stops and shows its state the same way.
 *
 *   idle ─start─▶ opening ─opened─▶ open
 *                  ▲    │             │
 *                 due  down          down
 *                  │    ▼             │
 *        waiting ──┘   lost ◀─────────┘
 *           ▲           │
 *           └──retry────┘
 *
 * `stop` goes from every state to `stopped` and cancels the retry timer; `start` leaves `idle` or
 * `stopped`. `lost` is the link down with its retry not yet scheduled (the owner may first release
 * what it held); `halt` gives up without a retry (the link cannot work at all) and waits for a start.
 */

/** Where a link is. */
export type ReconnectState = "idle" | "opening" | "open" | "lost" | "waiting" | "stopped";

/** What moves a link from one state to the next. */
export type ReconnectEvent = "start" | "opened" | "down" | "retry" | "due" | "halt" | "stop";

/** The transitions: an event not listed for a state is refused and changes nothing. */
export const RECONNECT_TRANSITIONS: { readonly [S in ReconnectState]: { readonly [E in ReconnectEvent]?: ReconnectState } } = {
  idle: { start: "opening", stop: "stopped" },
  opening: { opened: "open", down: "lost", halt: "idle", stop: "stopped" },
  open: { down: "lost", stop: "stopped" },
  lost: { retry: "waiting", halt: "idle", stop: "stopped" },
  waiting: { due: "opening", stop: "stopped" },
  stopped: { start: "opening", stop: "stopped" },
};

/** One change of state, as watchers see it. */
export interface ReconnectTransition {
  readonly from: ReconnectState;
  readonly to: ReconnectState;
  readonly event: ReconnectEvent;
  /** Retries scheduled since the link was last open (0 on the first attempt and once open). */
  readonly attempt: number;
  /** The backoff delay of a `retry`; null for the other events. */
  readonly delayMs: number | null;
}

/** How a link retries. */
export interface ReconnectOptions {
  readonly timers: TimerApi;
  readonly backoff: BackoffPolicy;
  /** Source of the backoff's jitter; default Math.random. */
  readonly random?: () => number;
}

/** A link's reconnect state, retry count and retry timer. */
export class Reconnector {
  private current: ReconnectState = "idle";
  private retries = 0;
  private openings = 0;
  private timer: unknown = null;
  private readonly watchers = new Set<(t: ReconnectTransition) => void>();

  constructor(private readonly o: ReconnectOptions) {}

  /** Where the link is now. */
  get state(): ReconnectState {
    return this.current;
  }

  /** Retries scheduled since the link was last open. */
  get attempt(): number {
    return this.retries;
  }

  /** Times the link has opened: more than 1 means it came back after a loss. */
  get opens(): number {
    return this.openings;
  }

  /** Call `listener` on every change of state, until the returned function is called. */
  watch(listener: (t: ReconnectTransition) => void): () => void {
    this.watchers.add(listener);
    return () => void this.watchers.delete(listener);
  }

  /** The owner begins its first attempt (or one after a stop or a halt); false when refused. */
  start(): boolean {
    return this.fire("start", null);
  }

  /** The attempt succeeded: the link is open and the retry count starts over. */
  opened(): boolean {
    return this.fire("opened", null);
  }

  /** The attempt failed or the open link was lost. */
  down(): boolean {
    return this.fire("down", null);
  }

  /**
   * Schedule the next attempt after the backoff delay; `then` runs the attempt when it is due (not
   * after a stop). Returns the delay, or null when the link is not `lost` (nothing scheduled).
   */
  retry(then: () => void): number | null {
    if (RECONNECT_TRANSITIONS[this.current].retry === undefined) return null;
    const delay = backoffDelay(this.retries, this.o.backoff, this.o.random ?? Math.random);
    this.retries++;
    this.fire("retry", delay);
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = null;
      if (this.fire("due", null)) then();
    }, delay);
    return delay;
  }

  /** Give up without a retry until the next start. */
  halt(): boolean {
    return this.fire("halt", null);
  }

  /** Stop for good (until a start): the retry timer is cancelled. Returns the state it left. */
  stop(): ReconnectState {
    const from = this.current;
    if (this.timer !== null) this.o.timers.clearTimeout(this.timer);
    this.timer = null;
    this.fire("stop", null);
    return from;
  }

  private fire(event: ReconnectEvent, delayMs: number | null): boolean {
    const from = this.current;
    const to = RECONNECT_TRANSITIONS[from][event];
    if (to === undefined) return false;
    this.current = to;
    if (event === "opened") {
      this.retries = 0;
      this.openings++;
    }
    const t: ReconnectTransition = { from, to, event, attempt: this.retries, delayMs };
    for (const w of [...this.watchers]) w(t);
    return true;
  }
}
