-- strangler_next_key, as 0003 made it, returned a NULL key for an entity never registered in strangler_key_blocks;
-- now it refuses it by name.
CREATE OR ALTER PROCEDURE [strangler_next_key] @entity nvarchar(200), @size bigint = 1, @first bigint OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE [strangler_key_blocks] SET @first = [next_value], [next_value] = [next_value] + @size
    WHERE [entity] = @entity;
    IF @@ROWCOUNT = 0
    BEGIN
        DECLARE @message nvarchar(2048) = CONCAT(N'strangler_next_key: entity "', @entity,
            N'" is not registered in strangler_key_blocks; register it (LegacyKeyAllocator.RegisterAsync) before the monolith takes keys from it.');
        THROW 50001, @message, 1;
    END
END
