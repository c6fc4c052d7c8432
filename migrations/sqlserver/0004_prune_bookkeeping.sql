-- The backfill's pruner deletes applied-event ids and sync-origin markers past their retention, oldest first, in
-- small batches; these indexes let each batch find its rows without scanning the table.
CREATE INDEX [strangler_applied_events_applied_at] ON [strangler_applied_events] ([applied_at]);
CREATE INDEX [strangler_sync_origin_created_at] ON [strangler_sync_origin] ([created_at]);
