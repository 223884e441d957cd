/**
 * The audit log's hash chain: each stored event carries the SHA-256 of its own columns and of the
 * previous stored event's hash, so that an edited, inserted or deleted row breaks every hash after
 * it. docs/audit-log.md states the same encoding for district IT, who may recompute it with any tool.
 */
import { hash } from "node:crypto";
import { z } from "zod";
import type { KeyValue } from "./kv.js";

/** The hash a chain starts from when nothing precedes it: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The kv key of the chain's checkpoint: the seq and hash the first stored chained event follows.
 * Written by the migration that added the chain (`origin: "genesis"`, at the seq stored events had
 * reached, with GENESIS_HASH) and moved forward by each pruning (`origin: "pruned"`, the seq and hash
 * of the last event pruned), in the same transaction as the rows it replaces.
 */
export const CHECKPOINT_KEY = "audit.checkpoint";

/** A hex SHA-256. */
export const HexHash = z.string().regex(/^[0-9a-f]{64}$/);

/** Where the chain starts. */
export const ChainCheckpoint = z.strictObject({
  seq: z.number().int().nonnegative(),
  hash: HexHash,
  origin: z.enum(["genesis", "pruned"]),
});
export type ChainCheckpoint = z.infer<typeof ChainCheckpoint>;

/** The columns of one stored event that the chain covers. */
export interface ChainedColumns {
  readonly seq: number;
  readonly id: string;
  readonly ts: string;
  readonly type: string;
  /** The JSON text exactly as stored in the `body` column. */
  readonly body: string;
}

/**
 * The hash of one event: lower-case hex SHA-256 of the UTF-8 bytes of
 * `prev + "\n" + seq + "\n" + id + "\n" + ts + "\n" + type + "\n" + body`, where `prev` is the
 * previous stored event's hash (or the checkpoint's) in lower-case hex, `seq` is in decimal, and
 * `body` is the stored JSON text byte for byte (never re-serialised: JSON has no single text form).
 * Only `body` may hold a newline, and it comes last, so the encoding is unambiguous.
 */
export function chainHash(prev: string, e: ChainedColumns): string {
  return hash("sha256", `${prev}\n${e.seq}\n${e.id}\n${e.ts}\n${e.type}\n${e.body}`, "hex");
}

/** The stored checkpoint; a store without one (never migrated to the chain) starts at genesis, seq 0. */
export function readCheckpoint(kv: KeyValue): ChainCheckpoint {
  return kv.get(CHECKPOINT_KEY, ChainCheckpoint) ?? { seq: 0, hash: GENESIS_HASH, origin: "genesis" };
}
