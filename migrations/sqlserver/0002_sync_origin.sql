-- One row per backfill transaction. Enable CDC on this table too: its change-table rows carry the backfill
-- transaction's commit LSN, which the echo filter matches against captured changes' source.commit_lsn.
CREATE TABLE [strangler_sync_origin] (
    [tx_id]      bigint         NOT NULL PRIMARY KEY,
    [origin]     nvarchar(50)   NOT NULL,
    [created_at] datetimeoffset NOT NULL DEFAULT SYSDATETIMEOFFSET()
);
