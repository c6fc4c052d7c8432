-- `strangler routes apply` reads the history entries of the revisions that last changed the routes it replaces, to
-- warn of a flip it would undo. Without an index on the revision that was a scan of the whole history at every apply,
-- which grows with every flip and rollout step for as long as the fleet runs.
CREATE INDEX strangler_route_history_revision ON strangler_route_history (revision);
