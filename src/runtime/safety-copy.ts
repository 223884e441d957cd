/**
 * The second copy of what a restart must know before any input is read: the safety mode and which
 * fire alarm inputs were last active. A small JSON file beside the audit store, replaced whole by a
 * rename, so a reader sees the old copy or the new one, never half of one. It outlives a corrupt or
 * lost database, and it is what keeps an egress door released through a restart during a fire.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { CoreState, SafetyState } from "../core/state.js";
import type { Logger } from "../util/log.js";
import { SafetySchema } from "./safety-store.js";

/** What the copy holds. */
export interface SafetyCopy {
  readonly safety: SafetyState;
  /** Fire alarm inputs active when the copy was written. */
  readonly fire: readonly string[];
}

const CopySchema = z.strictObject({ safety: SafetySchema, fire: z.array(z.string()) });

/** Where the copy of a store lives: `<store>.safety.json`. */
export function safetyCopyPath(storagePath: string): string {
  return `${storagePath}.safety.json`;
}

/** The copy of a state. */
export function copyOf(state: CoreState): SafetyCopy {
  return { safety: state.safety, fire: state.fire };
}

/**
 * Read the copy; null when there is none. A copy that cannot be read or trusted is logged and
 * treated as absent: the store's own copy, and then the inputs, decide.
 */
export function readSafetyCopy(path: string, log: Logger): SafetyCopy | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") log.error({ err }, "safety copy unreadable");
    return null;
  }
  try {
    const parsed = CopySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data as SafetyCopy;
    log.error({ issues: parsed.error.issues.length }, "safety copy does not match its schema; ignored");
  } catch (err) {
    log.error({ err }, "safety copy is not JSON; ignored");
  }
  return null;
}

/**
 * Replace the copy: write a temporary file and rename it over the old one. Once this returns the new
 * copy survives the process being killed (the kernel holds it); `syncSafetyCopy` then makes it
 * survive a power cut. Throws on a write error (a full disk).
 */
export function writeSafetyCopy(path: string, copy: SafetyCopy): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(copy), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Flush the copy and its directory entry to the disk. */
export function syncSafetyCopy(path: string): void {
  for (const target of [path, dirname(path)]) {
    const fd = openSync(target, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
