-- The gateway fleet's shared state: one route table for every replica (compare-and-set on revision), one ordered
-- history, replica heartbeats and the leases of fleet-wide jobs. Written by the gateways and `strangler routes apply`.
CREATE TABLE [strangler_route_state] (
    [id] smallint NOT NULL PRIMARY KEY CHECK ([id] = 1),
    [revision] bigint NOT NULL,
    [routes] nvarchar(max) NOT NULL,
    [updated_at] datetimeoffset NOT NULL
);
-- Revision 0 with no routes: an empty store, which the first replica (or `strangler routes apply`) fills.
INSERT INTO [strangler_route_state] ([id], [revision], [routes], [updated_at]) VALUES (1, 0, N'[]', SYSDATETIMEOFFSET());

CREATE TABLE [strangler_route_history] (
    [seq] bigint IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    [revision] bigint NOT NULL,
    [change] nvarchar(max) NOT NULL
);

CREATE TABLE [strangler_gateway_replicas] (
    [replica_id] nvarchar(200) NOT NULL PRIMARY KEY,
    [address] nvarchar(500) NOT NULL,
    [revision] bigint NOT NULL,
    [last_sync] datetimeoffset NULL,
    [last_seen] datetimeoffset NOT NULL
);

CREATE TABLE [strangler_fleet_leases] (
    [name] nvarchar(200) NOT NULL PRIMARY KEY,
    [holder] nvarchar(200) NOT NULL,
    [expires_at] datetimeoffset NOT NULL
);
