-- Hi-lo key blocks: next_value is the first key nobody has taken yet. New services reserve a block at a time;
-- the monolith takes single keys through strangler_next_key (set it as the key column's default), so both
-- draw from this one row and never collide.
CREATE TABLE strangler_key_blocks (
    entity     varchar(200) PRIMARY KEY,
    next_value bigint NOT NULL
);

CREATE FUNCTION strangler_next_key(p_entity text) RETURNS bigint
LANGUAGE sql AS $$
    UPDATE strangler_key_blocks SET next_value = next_value + 1
    WHERE entity = p_entity
    RETURNING next_value - 1;
$$;
