-- The gateway fleet's rollout states, one row per sub-domain (the JSON a single gateway keeps in rollouts/<name>.json),
-- changed only by compare-and-set on version: any replica takes a command, the `rollout` lease holder evaluates.
CREATE TABLE strangler_rollout_state (
    subdomain varchar(200) PRIMARY KEY,
    version bigint NOT NULL,
    state text NOT NULL,
    updated_at timestamptz NOT NULL
);
