import type { PortStream } from "./connection.js";

/**
 * The port objects a connection has let go of, while they close. A released port has its listeners
 * off, is closed if it was open and has its stream destroyed: no file descriptor is left behind.
 */
export class PortReleases {
  private readonly closing = new Set<Promise<void>>();

  /** Lets go of `port` for good; resolves once it is closed. */
  release(port: PortStream): Promise<void> {
    port.removeAllListeners();
    // A dead port may still report an error (a close racing an unplug); it must not crash the process.
    port.on("error", () => undefined);
    const done = new Promise<void>((resolve) => {
      const finish = (): void => {
        port.destroy();
        resolve();
      };
      if (port.isOpen) port.close(finish);
      else finish();
    });
    this.closing.add(done);
    void done.then(() => this.closing.delete(done));
    return done;
  }

  /** Resolves once every port let go of so far is closed; null when none is closing. */
  settled(): Promise<void> | null {
    return this.closing.size === 0 ? null : Promise.all([...this.closing]).then(() => undefined);
  }
}
