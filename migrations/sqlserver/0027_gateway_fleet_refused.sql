-- The last process refused a replica's id because another running one holds it (a config with an explicit ReplicaId
-- copied to a second host): its run, host and pid, and when, written by the refused process onto the holder's row. It
-- wrote nothing before, so `strangler routes replicas` listed one healthy replica and no sign of the second process.
ALTER TABLE [strangler_gateway_replicas] ADD [refused_run] nvarchar(64) NULL, [refused_host] nvarchar(200) NULL,
    [refused_pid] int NULL, [refused_at] datetimeoffset NULL;
