-- The gateway fleet's shared state: one route table for every replica (compare-and-set on revision), one ordered
-- history, replica heartbeats and the leases of fleet-wide jobs. Written by the gateways and `strangler routes apply`.
CREATE TABLE strangler_route_state (
    id smallint PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL,
    routes text NOT NULL,
    updated_at timestamptz NOT NULL
);
-- Revision 0 with no routes: an empty store, which the first replica (or `strangler routes apply`) fills.
INSERT INTO strangler_route_state (id, revision, routes, updated_at) VALUES (1, 0, '[]', now());

CREATE TABLE strangler_route_history (
    seq bigserial PRIMARY KEY,
    revision bigint NOT NULL,
    change text NOT NULL
);

CREATE TABLE strangler_gateway_replicas (
    replica_id varchar(200) PRIMARY KEY,
    address varchar(500) NOT NULL,
    revision bigint NOT NULL,
    last_sync timestamptz NULL,
    last_seen timestamptz NOT NULL
);

CREATE TABLE strangler_fleet_leases (
    name varchar(200) PRIMARY KEY,
    holder varchar(200) NOT NULL,
    expires_at timestamptz NOT NULL
);
