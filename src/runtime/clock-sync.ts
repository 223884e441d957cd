import { execFile } from "node:child_process";

/**
 * Whether the wall clock is synchronised to a time server: true, false, or null when the source
 * cannot tell (no systemd, a container). Only `false` raises the unsynced alarm: unknown is not unsynced.
 */
export type ClockSyncSource = () => Promise<boolean | null>;

/** How long timedatectl may take before the answer counts as unknown; it asks systemd-timedated over D-Bus. */
const TIMEDATECTL_TIMEOUT_MS = 5000;

/** systemd's view: `timedatectl show -p NTPSynchronized --value` prints "yes" or "no". */
export const timedatectlSync: ClockSyncSource = () =>
  new Promise((resolve) => {
    execFile("timedatectl", ["show", "-p", "NTPSynchronized", "--value"], { timeout: TIMEDATECTL_TIMEOUT_MS }, (err, stdout) => {
      const answer = err === null ? stdout.trim() : "";
      resolve(answer === "yes" ? true : answer === "no" ? false : null);
    });
  });
