-- The capture also records the backfill's own deletes, marked with the origin of its strangler_sync_origin row
-- ('backfill'); every other writer's change has NULL here. The projection treats a marked delete as an echo: it
-- confirms the tombstone the new service left, and never deletes a live document. Rows recorded before this column
-- existed keep NULL, which is right: the capture recorded only the monolith's changes then. Additive, so a capture
-- already installed (its triggers name their columns) keeps working until the worker reinstalls its triggers.
ALTER TABLE strangler_capture_changes ADD COLUMN origin TEXT;
