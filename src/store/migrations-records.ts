import type { Migration } from "./migrations.js";

/**
 * The schema history's steps from version 10 on: the records people at the school keep beside the
 * event log (visits at the front desk, incidents, roll calls) and the indexes their reports read.
 * Append-only, like the steps before them (see migrations.ts).
 */
export const RECORD_MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: "visitor register",
    // One row per visit at the front desk: the only place a visitor's name, date of birth and ID data
    // are kept (the event log carries the visit's id). `status` is held, signed_in, refused or
    // signed_out; times are epoch ms. `screening` is the watch list's possible matches (JSON, entry ids
    // and rules, for the officer who decides a hold). The ID columns are emptied when the ID data's
    // retention ends (`id_purged_at`), the row deleted when the visit's does.
    up: `
      CREATE TABLE visitors (
        id TEXT PRIMARY KEY,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        date_of_birth TEXT,
        id_type TEXT,
        id_last4 TEXT,
        id_purged_at INTEGER,
        host TEXT NOT NULL,
        destination TEXT NOT NULL,
        reason TEXT NOT NULL,
        escort INTEGER NOT NULL,
        pass_kind TEXT NOT NULL,
        status TEXT NOT NULL,
        arrived_at INTEGER NOT NULL,
        signed_in_at INTEGER,
        signed_out_at INTEGER,
        signed_in_by TEXT,
        screening TEXT NOT NULL DEFAULT '[]',
        decision TEXT,
        decided_by TEXT,
        decided_at INTEGER,
        decision_note TEXT,
        pass TEXT
      );
      CREATE INDEX visitors_arrived ON visitors (arrived_at);
      CREATE INDEX visitors_status ON visitors (status) WHERE status IN ('held', 'signed_in');
    `,
  },
  {
    version: 11,
    name: "alarm report indexes",
    // Alarm KPIs read the alarms raised in a period (rates, floods, time to acknowledge) and those
    // still standing at its end: raised_at bounds both to the period instead of the whole table.
    up: `
      CREATE INDEX alarms_raised ON alarms (raised_at);
    `,
  },
  {
    version: 12,
    name: "incident records",
    // What officers document: one row per incident (its current fields; the narrative, the people
    // and the linked events and alarms as JSON in `body`) and its history, one row per open, update,
    // close or reopen, never changed once written. A closed incident changes only by being reopened.
    // Reports count incidents by when they occurred; retention removes closed ones by when they closed.
    up: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        place TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX incidents_occurred ON incidents (occurred_at);
      CREATE INDEX incidents_closed ON incidents (closed_at) WHERE status = 'closed';
      CREATE TABLE incident_history (
        incident TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        action TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        changes TEXT NOT NULL,
        PRIMARY KEY (incident, n)
      ) WITHOUT ROWID;
      CREATE TRIGGER incident_history_append_only BEFORE UPDATE ON incident_history
      BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;
      CREATE TRIGGER incidents_closed_immutable BEFORE UPDATE ON incidents
        WHEN OLD.status = 'closed' AND NEW.status = 'closed'
      BEGIN SELECT RAISE(ABORT, 'a closed incident changes only by being reopened'); END;
    `,
  },
  {
    version: 13,
    name: "roll calls",
    // One row per roll call after an evacuation, and one per person in it: expected from the
    // building's occupancy when it started, or marked without being expected (extra). Who was found
    // where, missing or hurt is kept here and only here: the events carry counts.
    up: `
      CREATE TABLE musters (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        started_by TEXT NOT NULL,
        mode TEXT NOT NULL,
        drill INTEGER NOT NULL,
        points TEXT NOT NULL,
        ended_at TEXT,
        ended_by TEXT
      );
      CREATE INDEX musters_started ON musters (started_at);
      CREATE TABLE muster_people (
        muster TEXT NOT NULL REFERENCES musters (id),
        person TEXT NOT NULL,
        kind TEXT,
        name TEXT,
        expected INTEGER NOT NULL,
        status TEXT,
        point TEXT,
        marked_by TEXT,
        marked_at TEXT,
        PRIMARY KEY (muster, person)
      );
    `,
  },
  {
    version: 14,
    name: "held visitors in roll calls",
    // A visitor held at the desk for an officer's decision is in the building: a roll call expects
    // them, flagged so the roll call takers know where to look (at the desk, not at a destination).
    up: `ALTER TABLE muster_people ADD COLUMN held INTEGER NOT NULL DEFAULT 0;`,
  },
];
