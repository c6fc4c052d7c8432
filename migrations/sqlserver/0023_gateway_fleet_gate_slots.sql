-- Each replica's traffic in 10-second slots (requests, errors, fallbacks, latency buckets per side) and its shadow
-- comparisons per minute, for the sub-domains with a rollout plan over their last evaluation window (at most 15
-- minutes): the `rollout` lease holder sums every fresh replica's slots, so the gates judge the fleet's traffic.
-- Null in rows of replicas that do not publish them (older versions).
ALTER TABLE [strangler_gateway_traffic] ADD [gate_slots] nvarchar(max) NULL;
