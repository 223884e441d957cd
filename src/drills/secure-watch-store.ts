// The running lockdown drill's time-to-secure progress, kept in the store's kv so a restart carries it on.
import { z } from "zod";
import type { Database } from "../store/database.js";
import { KeyValue } from "../store/kv.js";
import type { SecureProgress } from "./time-to-secure.js";

const KEY = "drills.secure_watch";

const DoorSchema = z.strictObject({ door: z.string(), hasContact: z.boolean(), locked: z.boolean(), closed: z.boolean() });

const WatchSchema = z.strictObject({
  /** The drill record it measures. */
  id: z.number().int().positive(),
  progress: z.strictObject({
    raisedAt: z.number(),
    doors: z.array(DoorSchema),
    securedAt: z.number().nullable(),
    unseen: z.boolean(),
  }),
});

/** A lockdown drill's progress under its record's id. */
export interface SavedWatch {
  id: number;
  progress: SecureProgress;
}

/** One watch at most: one drill runs at a time. */
export class SecureWatchStore {
  private readonly kv: KeyValue;

  constructor(db: Database) {
    this.kv = new KeyValue(db);
  }

  load(): SavedWatch | undefined {
    return this.kv.get(KEY, WatchSchema);
  }

  save(watch: SavedWatch, now: number): void {
    this.kv.set(KEY, watch, now);
  }

  drop(): void {
    this.kv.delete(KEY);
  }
}
