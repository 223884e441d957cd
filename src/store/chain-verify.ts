/**
 * Checking the audit log's hash chain end to end: every chained event's hash recomputed from the
 * checkpoint on, the tail against the log's high-water mark, and optionally the chain against a head
 * the gateway published to the district earlier. Reads only, in one read transaction (a consistent
 * snapshot while the gateway keeps writing).
 */
import type { Database } from "better-sqlite3";
import { z } from "zod";
import { chainHash, readCheckpoint, type ChainCheckpoint } from "./audit-chain.js";
import { SEQ_HIGH_WATER_KEY } from "./event-log.js";
import { KeyValue } from "./kv.js";

/** A head as published on `state/audit`: the seq of an event and its hash. */
export interface PublishedHead {
  readonly seq: number;
  readonly hash: string;
}

/** The first place the chain does not hold. */
export interface ChainBreak {
  /** The seq named: the altered event, the first missing one, or the published head not matched. */
  readonly seq: number;
  readonly reason: string;
}

/** What a check found. */
export interface ChainReport {
  readonly checkpoint: ChainCheckpoint;
  /** Events stored at or below the checkpoint: before the chain began, not covered by it. */
  readonly unchained: number;
  /** Chained events whose hashes were recomputed (up to the break, if any). */
  readonly checked: number;
  /** The last event checked in order (the checkpoint when none). */
  readonly head: PublishedHead;
  /** The first break; null when the chain holds. */
  readonly broken: ChainBreak | null;
}

/** Row columns in `raw` order. */
type Row = [seq: number, id: string, ts: string, type: string, body: string, hash: string | null];

/** Check the chain of the store `db` (which may be opened read-only). */
export function verifyChain(db: Database, published?: PublishedHead): ChainReport {
  return db.transaction(() => verifyInSnapshot(db, published))();
}

function verifyInSnapshot(db: Database, published: PublishedHead | undefined): ChainReport {
  const kv = new KeyValue(db);
  const checkpoint = readCheckpoint(kv);
  const highWater = kv.get(SEQ_HIGH_WATER_KEY, z.number().int().nonnegative()) ?? 0;
  const unchained = db.prepare<[number], number>("SELECT count(*) FROM events WHERE seq <= ?").pluck().get(checkpoint.seq) ?? 0;
  const rows = db
    .prepare<[number], Row>("SELECT seq, id, ts, type, body, hash FROM events WHERE seq > ? ORDER BY seq")
    .raw()
    .iterate(checkpoint.seq) as IterableIterator<Row>;
  let head: PublishedHead = { seq: checkpoint.seq, hash: checkpoint.hash };
  let checked = 0;
  let broken: ChainBreak | null = null;
  let seen: string | undefined;
  for (const [seq, id, ts, type, body, stored] of rows) {
    const expected = chainHash(head.hash, { seq, id, ts, type, body });
    if (stored !== expected) {
      broken = breakAt(head.seq, seq, stored);
      rows.return?.();
      break;
    }
    if (published?.seq === seq) seen = stored;
    head = { seq, hash: stored };
    checked += 1;
  }
  broken ??= tailBreak(head.seq, highWater) ?? publishedBreak(published, head, checkpoint, seen);
  return { checkpoint, unchained, checked, head, broken };
}

function breakAt(prevSeq: number, seq: number, stored: string | null): ChainBreak {
  if (seq > prevSeq + 1) {
    const missing = seq - 1 === prevSeq + 1 ? `seq ${prevSeq + 1} is` : `seqs ${prevSeq + 1}–${seq - 1} are`;
    return { seq: prevSeq + 1, reason: `${missing} missing (deleted), or seq ${seq} was altered: seq ${seq}'s hash does not follow from seq ${prevSeq}` };
  }
  if (stored === null) return { seq, reason: `seq ${seq} has no hash` };
  return { seq, reason: `seq ${seq} was altered: its hash does not match its columns and seq ${prevSeq}'s hash` };
}

/** The high-water mark is written with every batch: a mark above the last event means the tail went. */
function tailBreak(lastSeq: number, highWater: number): ChainBreak | null {
  if (highWater <= lastSeq) return null;
  return { seq: lastSeq + 1, reason: `events after seq ${lastSeq} are missing: the log had reached seq ${highWater}` };
}

function publishedBreak(
  published: PublishedHead | undefined,
  head: PublishedHead,
  checkpoint: ChainCheckpoint,
  seen: string | undefined,
): ChainBreak | null {
  if (published === undefined) return null;
  const { seq, hash } = published;
  if (seq > head.seq) return { seq, reason: `the published head seq ${seq} is past the log's end (seq ${head.seq}): the tail was truncated` };
  if (seq === checkpoint.seq && hash === checkpoint.hash) return null;
  if (seq <= checkpoint.seq) return seq < checkpoint.seq ? null : { seq, reason: `the checkpoint at seq ${seq} differs from the published head` };
  if (seen === undefined) return { seq, reason: `seq ${seq}, the published head, is not in the log` };
  if (seen !== hash) return { seq, reason: `seq ${seq}'s hash differs from the published head: the log was rewritten` };
  return null;
}
