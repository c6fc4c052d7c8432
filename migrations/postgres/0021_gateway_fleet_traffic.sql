-- Each gateway replica's rolling traffic figures (per route and side, over the dashboard's overview window), one row
-- per replica upserted every few seconds, so any replica's dashboard can show the fleet's sum.
CREATE TABLE strangler_gateway_traffic (
    replica_id varchar(200) PRIMARY KEY,
    figures text NOT NULL,
    published_at timestamptz NOT NULL
);
