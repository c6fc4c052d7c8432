-- Which run of a gateway process holds a replica's heartbeat row: a random id made at each start, with the host, the
-- process id and the start time it reported. Two processes configured with one ReplicaId overwrote one row at every
-- heartbeat and the fleet panel, `strangler routes replicas` and the rollout's gate evidence mixed their figures under
-- one name; now the second refuses while the first's heartbeat is fresh. Null in rows written before this column (any
-- run may take them over).
ALTER TABLE strangler_gateway_replicas ADD COLUMN run_id varchar(64) NULL;
ALTER TABLE strangler_gateway_replicas ADD COLUMN host varchar(200) NULL;
ALTER TABLE strangler_gateway_replicas ADD COLUMN pid integer NULL;
ALTER TABLE strangler_gateway_replicas ADD COLUMN started_at timestamptz NULL;
