-- SQLite has no transaction id. The backfill inserts a row here at the start of each transaction and deletes it
-- before commit: capture triggers firing inside that transaction see it (and skip), no other writer ever does,
-- because SQLite has one writer at a time.
CREATE TABLE strangler_sync_origin (
    id     INTEGER PRIMARY KEY,
    origin TEXT NOT NULL
);
