-- Every domain event the backfill applied, written in the same transaction as its rows: a redelivery finds its id
-- here and changes nothing.
CREATE TABLE strangler_applied_events (
    event_id   TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    subject    TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- Per legacy row ("table|key"): the time of the newest event applied to it; older events are ignored as stale.
CREATE TABLE strangler_sync_high_water (
    row_ref     TEXT PRIMARY KEY,
    event_ticks INTEGER NOT NULL,
    event_id    TEXT NOT NULL
);
