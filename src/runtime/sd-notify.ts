import { execFile } from "node:child_process";
import type { Logger } from "../util/log.js";

/**
 * systemd notifications (Type=notify): READY, WATCHDOG and STOPPING. Node cannot send to a unix
 * datagram socket itself, so this uses systemd-notify; the unit sets NotifyAccess=all for that.
 * Without NOTIFY_SOCKET (not under systemd) every call is a no-op.
 */
export class SdNotify {
  private watchdog: NodeJS.Timeout | null = null;
  private readonly enabled: boolean;

  constructor(
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.enabled = typeof env.NOTIFY_SOCKET === "string" && env.NOTIFY_SOCKET.length > 0;
  }

  /** Tell systemd the gateway is up, and start watchdog pings if the unit asks for them. */
  ready(): void {
    this.send("READY=1");
    const usec = Number(this.env.WATCHDOG_USEC ?? 0);
    if (this.enabled && usec > 0) {
      // Ping at half the watchdog interval, as sd_watchdog_enabled(3) recommends.
      this.watchdog = setInterval(() => this.send("WATCHDOG=1"), Math.max(1000, usec / 2000));
      this.watchdog.unref();
    }
  }

  /** Tell systemd a clean stop has begun, and stop the pings. */
  stopping(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
    this.send("STOPPING=1");
  }

  private send(state: string): void {
    if (!this.enabled) return;
    execFile("systemd-notify", [`--pid=${process.pid}`, state], (err) => {
      if (err) this.log.warn({ err, state }, "systemd notification failed");
    });
  }
}
