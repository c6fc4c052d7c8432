-- strangler_next_key ran with the caller's rights, so the monolith's database user needed UPDATE on
-- strangler_key_blocks, and with it could move any entity's next_value by hand (back onto keys already taken, or onto
-- the new service's block) and break key continuity. It now runs with its owner's rights (whoever ran this migration,
-- who owns the table): the monolith needs only USAGE on the schema and EXECUTE on the function, no right on the table,
-- and through the function it can only take the next key of a registered entity.
--
-- A definer function must not resolve names through anything its caller controls: the search_path stays pinned to
-- this schema, and pg_temp is named last, since a schema list without it searches the caller's temporary tables
-- first, and a temporary strangler_key_blocks of the caller's making would hand out keys of its choosing.
--
-- EXECUTE stays granted to PUBLIC (PostgreSQL's default for a new function): monoliths already switched over rely on
-- it, and revoking it here would fail their inserts the moment this migration ran. Who can call it is bounded by USAGE
-- on the schema; a DBA who wants it narrower revokes it from PUBLIC and grants it to the monolith's role (README,
-- "Privileges"). A later migration that replaces the function must say SECURITY DEFINER and this search_path again:
-- CREATE OR REPLACE resets both (it keeps the owner and the grants).
DO $do$
BEGIN
    EXECUTE format('ALTER FUNCTION %I.strangler_next_key(text) SECURITY DEFINER SET search_path = %I, pg_temp',
        current_schema(), current_schema());
END
$do$;
