import { stat } from "node:fs/promises";

/**
 * Identity of the device node behind a path (following links), or null when it is gone. Used to
 * notice an unplug the binding misses: after a hangup a tty reads end-of-file, which
 * `@serialport/bindings-cpp` retries forever instead of reporting a disconnect.
 */
export type PresenceProbe = (path: string) => Promise<string | null>;

/** Presence by stat(2): a replugged device gets a new inode even when it gets the same name. */
export const statPresence: PresenceProbe = async (path) => {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}:${s.rdev}`;
  } catch {
    return null;
  }
};

/** 1 s: bounds both the time to notice an unplug the binding misses and the CPU its EOF retries burn. */
export const PRESENCE_MS = 1000;
