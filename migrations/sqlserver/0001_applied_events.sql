-- Every domain event the backfill applied, written in the same transaction as its rows: a redelivery finds its id
-- here and changes nothing.
CREATE TABLE [strangler_applied_events] (
    [event_id]   nvarchar(200)  NOT NULL PRIMARY KEY,
    [event_type] nvarchar(200)  NOT NULL,
    [subject]    nvarchar(200)  NOT NULL,
    [applied_at] datetimeoffset NOT NULL
);

-- Per legacy row ("table|key"): the time of the newest event applied to it; older events are ignored as stale.
CREATE TABLE [strangler_sync_high_water] (
    [row_ref]     nvarchar(450) NOT NULL PRIMARY KEY,
    [event_ticks] bigint        NOT NULL,
    [event_id]    nvarchar(200) NOT NULL
);
