import type { Logger } from "../util/log.js";

/** A part of the gateway that starts and stops. */
export interface Component {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/**
 * Starts components in order and stops the started ones in reverse. A failing start stops what had
 * started and rethrows; a failing stop is logged and the others still stop.
 */
export class Lifecycle {
  private readonly started: Component[] = [];

  constructor(private readonly log: Logger) {}

  /** Start every component in order. */
  async start(components: readonly Component[]): Promise<void> {
    for (const c of components) {
      try {
        await c.start();
        this.started.push(c);
        this.log.debug({ component: c.name }, "started");
      } catch (err) {
        // The caller reports the error itself; one line here says which part it was.
        this.log.error({ component: c.name, reason: err instanceof Error ? err.message : String(err) }, "start failed");
        await this.stop();
        throw err;
      }
    }
  }

  /** Stop what started, last first. Never throws. */
  async stop(): Promise<void> {
    while (this.started.length > 0) {
      const c = this.started.pop() as Component;
      try {
        await c.stop();
        this.log.debug({ component: c.name }, "stopped");
      } catch (err) {
        this.log.error({ err, component: c.name }, "stop failed");
      }
    }
  }
}
