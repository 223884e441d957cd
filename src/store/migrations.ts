/**
 * Schema history of the audit store. Each entry runs once, in its own transaction, and leaves its
 * version in `PRAGMA user_version`. Entries are append-only: a released migration is never edited,
 * a change to the schema is a new entry with the next version.
 */
import { RECORD_MIGRATIONS } from "./migrations-records.js";

/** One step of the schema history. */
export interface Migration {
  /** Positive, strictly increasing by one from 1; stored in `PRAGMA user_version` once applied. */
  readonly version: number;
  /** Short human name, logged when the step is applied. */
  readonly name: string;
  /** SQL run as one script inside the step's transaction. */
  readonly up: string;
}

/** The schema version that added the audit hash chain: older stores cannot be verified. */
export const CHAIN_VERSION = 8;

/**
 * Every migration, oldest first. The statements use plain `CREATE` (no `IF NOT EXISTS`) so that a
 * step applied twice fails loudly instead of silently hiding a version bookkeeping bug.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "events and kv",
    up: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        ts TEXT NOT NULL,
        type TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX events_type_seq ON events (type, seq);
      CREATE TABLE kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: "uplink outbox",
    // One row per uplink (today only "district"): the cursor of events the district broker has
    // acknowledged, the seq at or below which routine events are skipped (backlog quota), and how many
    // were skipped in total and already reported in an `uplink` event.
    up: `
      CREATE TABLE uplink_outbox (
        name TEXT PRIMARY KEY,
        acked_seq INTEGER NOT NULL,
        drop_floor INTEGER NOT NULL,
        dropped INTEGER NOT NULL,
        reported INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: "district credentials",
    // District credential lists: snapshot rows by version, deltas on top of the snapshot they extend,
    // and the parts of a snapshot received so far. Which version is live is a kv pointer, switched in
    // one small transaction once the new list has been indexed: a half-received list is never used.
    up: `
      CREATE TABLE credential_rows (
        version TEXT NOT NULL,
        holder_id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (version, holder_id)
      ) WITHOUT ROWID;
      CREATE TABLE credential_parts (
        version TEXT NOT NULL,
        part INTEGER NOT NULL,
        parts INTEGER NOT NULL,
        holders INTEGER NOT NULL,
        PRIMARY KEY (version, part)
      ) WITHOUT ROWID;
      CREATE TABLE credential_deltas (
        snapshot TEXT NOT NULL,
        seq INTEGER NOT NULL,
        version TEXT NOT NULL,
        holder_id TEXT NOT NULL,
        body TEXT,
        PRIMARY KEY (snapshot, seq, holder_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: "district credentials move out",
    // District lists now live in a file of their own, written by a worker thread: a million-holder
    // list applied here held the audit log's write lock and its checkpoints stalled door decisions.
    // The district sends its list again when a gateway reports no version (see docs/uplink.md).
    up: `
      DROP TABLE credential_rows;
      DROP TABLE credential_parts;
      DROP TABLE credential_deltas;
      DELETE FROM kv WHERE key = 'credentials.live';
    `,
  },
  {
    version: 5,
    name: "uplink event classes",
    // The district uplink's two rules as partial indexes on seq, so that finding the events a rule
    // picks costs what it finds, not the size of the log: urgent events (sent ahead of a backlog) and
    // the events the backlog quota must keep (all but routine access and door opened/closed). The
    // WHERE clauses are those of src/uplink/event-classes.ts, which reads through these indexes.
    up: `
      CREATE INDEX events_uplink_urgent ON events (seq)
        WHERE type IN ('mode', 'panic', 'alarm')
          OR (type = 'screening' AND json_extract(body, '$.result') = 'alarm')
          OR (type = 'door' AND json_extract(body, '$.action') IN ('forced_open', 'held_open'));
      CREATE INDEX events_uplink_kept ON events (seq)
        WHERE type <> 'access'
          AND (type <> 'door' OR ifnull(json_extract(body, '$.action'), '') NOT IN ('opened', 'closed'));
    `,
  },
  {
    version: 6,
    name: "alarms",
    // Alarms that people answer: one row per alarm instance, kept after it clears so reports can tell
    // how long alarms waited for a person (raised_at, acked_at, acked_by). At most one open instance
    // per alarm name. An alarm left unacknowledged past its time is urgent for the uplink, so the
    // urgent index is recreated with src/uplink/event-classes.ts's new rule.
    up: `
      CREATE TABLE alarms (
        instance TEXT PRIMARY KEY,
        alarm TEXT NOT NULL,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        priority TEXT NOT NULL,
        state TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        acked_at TEXT,
        acked_by TEXT,
        cleared_at TEXT,
        escalated_at TEXT,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX alarms_open ON alarms (alarm) WHERE cleared_at IS NULL;
      DROP INDEX events_uplink_urgent;
      CREATE INDEX events_uplink_urgent ON events (seq)
        WHERE type IN ('mode', 'panic', 'alarm')
          OR (type = 'screening' AND json_extract(body, '$.result') = 'alarm')
          OR (type = 'door' AND json_extract(body, '$.action') IN ('forced_open', 'held_open'))
          OR (type = 'alarm_state' AND json_extract(body, '$.action') = 'escalated');
    `,
  },
  {
    version: 7,
    name: "report indexes",
    // Reports count events of one type over a period: (type, ts) bounds each count to the period.
    // Door alarm durations look up the next close of the same door, through its door and seq.
    up: `
      CREATE INDEX events_type_ts ON events (type, ts);
      CREATE INDEX events_door_seq ON events (json_extract(body, '$.door'), seq) WHERE type = 'door';
    `,
  },
  {
    version: CHAIN_VERSION,
    name: "audit hash chain",
    // Each event's hash, chained to the previous one (src/store/audit-chain.ts). Events stored before
    // this step keep no hash: the chain starts after them, from a genesis checkpoint at the highest
    // seq handed out so far (the larger of max(seq) and the log's high-water mark) and 64 zeros. A
    // store that never held an event gets no row: an absent checkpoint is the genesis at seq 0.
    up: `
      ALTER TABLE events ADD COLUMN hash TEXT;
      INSERT INTO kv (key, value, updated_at)
      SELECT 'audit.checkpoint', json_object('seq', genesis, 'hash', hex(zeroblob(32)), 'origin', 'genesis'),
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      FROM (SELECT max(ifnull((SELECT max(seq) FROM events), 0),
                       ifnull((SELECT CAST(value AS INTEGER) FROM kv WHERE key = 'event_log.last_seq'), 0)) AS genesis)
      WHERE genesis > 0;
    `,
  },
  {
    version: 9,
    name: "drill records",
    // One row per drill, the compliance evidence a state asks schools to keep: who started and ended
    // it, when, the participants noted, and for a lockdown the time to secure and the unsecured doors
    // (JSON in `detail`). Kept apart from the event log so a review reads a few rows, not the log.
    up: `
      CREATE TABLE drills (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        started_by TEXT NOT NULL,
        ended_at INTEGER,
        ended_by TEXT,
        participants TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX drills_started ON drills (started_at);
    `,
  },
  ...RECORD_MIGRATIONS,
];

/** The schema version this code writes; a store with a higher `user_version` is refused. */
export const LATEST_VERSION: number = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
