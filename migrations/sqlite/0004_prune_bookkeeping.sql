-- The backfill's pruner deletes applied-event ids past their retention, oldest first, in small batches; this index
-- lets each batch find its rows without scanning the table. (SQLite's sync-origin markers never outlive their
-- transaction, so there is nothing of theirs to prune.)
CREATE INDEX strangler_applied_events_applied_at ON strangler_applied_events (applied_at);
