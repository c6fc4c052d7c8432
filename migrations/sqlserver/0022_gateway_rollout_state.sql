-- The gateway fleet's rollout states, one row per sub-domain (the JSON a single gateway keeps in rollouts/<name>.json),
-- changed only by compare-and-set on version: any replica takes a command, the `rollout` lease holder evaluates.
CREATE TABLE [strangler_rollout_state] (
    [subdomain] nvarchar(200) NOT NULL PRIMARY KEY,
    [version] bigint NOT NULL,
    [state] nvarchar(max) NOT NULL,
    [updated_at] datetimeoffset NOT NULL
);
