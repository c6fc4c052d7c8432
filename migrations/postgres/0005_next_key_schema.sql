-- strangler_next_key, as 0003 made it, resolved strangler_key_blocks through the caller's search_path: a monolith
-- whose search_path does not hold Strangler's schema failed ("relation strangler_key_blocks does not exist"), and an
-- entity never registered gave a NULL key. Now the function is pinned to the schema these tables are in (the
-- migration's current_schema()) and refuses an unregistered entity by name.
DO $do$
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION strangler_next_key(p_entity text) RETURNS bigint
        LANGUAGE plpgsql
        SET search_path = %I
        AS $body$
        DECLARE
            v_key bigint;
        BEGIN
            UPDATE strangler_key_blocks SET next_value = next_value + 1
            WHERE entity = p_entity
            RETURNING next_value - 1 INTO v_key;
            IF v_key IS NULL THEN
                RAISE EXCEPTION 'strangler_next_key: entity "%%" is not registered in strangler_key_blocks', p_entity
                    USING ERRCODE = 'no_data_found',
                          HINT = 'Register it (LegacyKeyAllocator.RegisterAsync) before the key column takes its default from strangler_next_key.';
            END IF;
            RETURN v_key;
        END
        $body$$f$, current_schema());
END
$do$;
