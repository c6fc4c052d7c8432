-- One row per backfill transaction, keyed by its 32-bit xid (Debezium's source.txId), so CDC can skip the
-- backfill's own writes. Old rows can be pruned by created_at once capture is past them.
CREATE TABLE strangler_sync_origin (
    tx_id      bigint PRIMARY KEY,
    origin     varchar(50) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
