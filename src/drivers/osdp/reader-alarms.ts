/**
 * The security alarms of one reader: each goes out as a notice and a warning line, at most once
 * per interval for each kind, so a flapping reader raises it once and not on every packet.
 */

import type { Logger } from "../../util/log.js";
import type { OsdpAlarm, OsdpNotice } from "./cp-notices.js";

export class ReaderAlarms {
  private readonly last = new Map<OsdpAlarm, number>();

  constructor(
    private readonly address: number,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly emit: (notice: OsdpNotice) => void,
  ) {}

  /** Raises `alarm` unless the same kind went out less than the interval before `now`. */
  raise(alarm: OsdpAlarm, detail: string, now: number): void {
    const at = this.last.get(alarm);
    if (at !== undefined && now - at < this.intervalMs) return;
    this.last.set(alarm, now);
    this.log.warn({ alarm, detail }, "reader security alarm");
    this.emit({ type: "alarm", address: this.address, alarm, detail });
  }
}
