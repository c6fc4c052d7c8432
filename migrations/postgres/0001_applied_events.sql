-- Every domain event the backfill applied, written in the same transaction as its rows: a redelivery finds its id
-- here and changes nothing.
CREATE TABLE strangler_applied_events (
    event_id   varchar(200) PRIMARY KEY,
    event_type varchar(200) NOT NULL,
    subject    varchar(200) NOT NULL,
    applied_at timestamptz  NOT NULL
);

-- Per legacy row ("table|key"): the time of the newest event applied to it; older events are ignored as stale.
CREATE TABLE strangler_sync_high_water (
    row_ref     varchar(450) PRIMARY KEY,
    event_ticks bigint       NOT NULL,
    event_id    varchar(200) NOT NULL
);
