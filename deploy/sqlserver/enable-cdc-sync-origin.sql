-- After `strangler migrate` created strangler_sync_origin: capture it too, so the sync worker can recognise the
-- backfill's own transactions by their commit LSN and not echo them back (see src/Strangler.Sync/Echo/).
USE Legacy;
GO
IF NOT EXISTS (SELECT 1 FROM cdc.change_tables WHERE source_object_id = OBJECT_ID('dbo.strangler_sync_origin'))
  EXEC sys.sp_cdc_enable_table @source_schema = 'dbo', @source_name = 'strangler_sync_origin', @role_name = NULL;
GO
