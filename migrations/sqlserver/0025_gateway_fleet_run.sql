-- Which run of a gateway process holds a replica's heartbeat row: a random id made at each start, with the host, the
-- process id and the start time it reported. Two processes configured with one ReplicaId overwrote one row at every
-- heartbeat and the fleet panel, `strangler routes replicas` and the rollout's gate evidence mixed their figures under
-- one name; now the second refuses while the first's heartbeat is fresh. Null in rows written before this column (any
-- run may take them over).
ALTER TABLE [strangler_gateway_replicas] ADD [run_id] nvarchar(64) NULL, [host] nvarchar(200) NULL, [pid] int NULL,
    [started_at] datetimeoffset NULL;
