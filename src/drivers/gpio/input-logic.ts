import type { DeviceKind } from "../../catalog/schema.js";
import type { Input } from "../../core/inputs.js";
import type { TimerApi } from "../../time/timers.js";

/** Turns a debounced input line's state into core inputs. `active` is the asserted state. */
export interface LevelLogic {
  /** The state found at start: what the core must know at once (a door already open, a fire alarm). */
  initial(active: boolean): void;
  /** The line settled at a new state. */
  change(active: boolean): void;
  /** Cancel timers. */
  stop(): void;
}

/** What the logic of one device needs. */
export interface LevelLogicContext {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly emit: (input: Input) => void;
  readonly timers: TimerApi;
  /** Panic only: ms open before "circuit open" trouble; null disables supervision. */
  readonly supervisionMs: number | null;
}

/** The kinds a GPIO input can be. */
export const GPIO_INPUT_KINDS: ReadonlySet<DeviceKind> = new Set([
  "contact",
  "rex",
  "fire_alarm",
  "key_switch",
  "panic",
  "metal_detector",
]);

/** The reason a supervised panic loop reports while it stays open. */
export const CIRCUIT_OPEN = "circuit open";

/** Contacts, fire alarm relays and key switches: the state itself is the input, at start and on change. */
function stateLogic(emit: (input: Input) => void, toInput: (active: boolean) => Input): LevelLogic {
  return { initial: (a) => emit(toInput(a)), change: (a) => emit(toInput(a)), stop: () => undefined };
}

/** A request-to-exit button: each press is one request; releases and the state at start say nothing. */
function rexLogic(ctx: LevelLogicContext): LevelLogic {
  const press = (active: boolean) => {
    if (active) ctx.emit({ kind: "rex", device: ctx.deviceId });
  };
  return { initial: () => undefined, change: press, stop: () => undefined };
}

/**
 * A metal detector's alarm relay: each closing is one alarm (zones unknown on a bare relay), counted
 * since start. The relay's state at start is not a new alarm, and its release says nothing.
 */
function metalDetectorLogic(ctx: LevelLogicContext): LevelLogic {
  let alarms = 0;
  const change = (active: boolean) => {
    if (!active) return;
    alarms++;
    ctx.emit({ kind: "screening", device: ctx.deviceId, result: "alarm", zones: [], counts: { alarms } });
  };
  return { initial: () => undefined, change, stop: () => undefined };
}

/**
 * A wired panic button on a normally-closed loop. An open loop is a press and is reported at once: a
 * press and a cut wire look the same on one line, and a lockdown must never wait to find out which.
 * If the loop stays open past `supervisionMs` (longer than any momentary press), the device also
 * reports trouble "circuit open" so that the wiring is checked; closing the loop releases the press
 * and clears the trouble.
 */
class PanicLogic implements LevelLogic {
  private timer: unknown = null;
  private trouble = false;

  constructor(private readonly ctx: LevelLogicContext) {}

  initial(active: boolean): void {
    if (active) this.change(true);
  }

  change(active: boolean): void {
    const { ctx } = this;
    ctx.emit({ kind: "panic", device: ctx.deviceId, pressed: active });
    if (active) {
      if (ctx.supervisionMs !== null && this.timer === null) {
        this.timer = ctx.timers.setTimeout(() => this.supervise(), ctx.supervisionMs);
      }
      return;
    }
    this.cancel();
    if (this.trouble) {
      this.trouble = false;
      ctx.emit({ kind: "device_status", device: ctx.deviceId, status: "online", reason: "circuit restored" });
    }
  }

  stop(): void {
    this.cancel();
  }

  private supervise(): void {
    this.timer = null;
    this.trouble = true;
    this.ctx.emit({ kind: "device_status", device: this.ctx.deviceId, status: "trouble", reason: CIRCUIT_OPEN });
  }

  private cancel(): void {
    if (this.timer !== null) this.ctx.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The logic of a GPIO input device by kind; null when the kind is not a GPIO input. */
export function createLevelLogic(ctx: LevelLogicContext): LevelLogic | null {
  const device = ctx.deviceId;
  switch (ctx.kind) {
    case "contact":
      return stateLogic(ctx.emit, (open) => ({ kind: "contact", device, open }));
    case "fire_alarm":
      return stateLogic(ctx.emit, (active) => ({ kind: "fire_alarm", device, active }));
    case "key_switch":
      return stateLogic(ctx.emit, (on) => ({ kind: "key_switch", device, on }));
    case "rex":
      return rexLogic(ctx);
    case "metal_detector":
      return metalDetectorLogic(ctx);
    case "panic":
      return new PanicLogic(ctx);
    default:
      return null;
  }
}
