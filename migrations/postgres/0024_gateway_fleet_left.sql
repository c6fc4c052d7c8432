-- When a replica stopped cleanly. Its heartbeat and its traffic row (with the gate slots it gathered) stay, marked,
-- so the rollout's lease holder keeps summing its last figures for the rest of their window instead of dropping them
-- the moment it stops, and the fleet panel and `strangler routes replicas` show it as left, neither silent nor
-- waited for. The running replicas delete such rows once every window they could count in has passed. Null: a
-- replica that is running, or one that stopped without saying so (crashed, killed, cut off).
ALTER TABLE strangler_gateway_replicas ADD COLUMN left_at timestamptz NULL;
ALTER TABLE strangler_gateway_traffic ADD COLUMN left_at timestamptz NULL;
