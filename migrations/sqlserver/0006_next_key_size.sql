-- The monolith needs only EXECUTE on strangler_next_key (ownership chaining lets the procedure update
-- strangler_key_blocks), but the procedure took any @size: @size = 0 handed out a key without moving the row, so the
-- next caller got the same one, and a negative @size moved next_value back onto keys already taken. Either broke key
-- continuity with nothing but EXECUTE. The monolith takes one key at a time (the default); the new service's blocks do
-- not go through this procedure. Now a @size below 1 is refused by name and the row is left as it was.
-- CREATE OR ALTER keeps the grants on the procedure.
CREATE OR ALTER PROCEDURE [strangler_next_key] @entity nvarchar(200), @size bigint = 1, @first bigint OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    IF @size IS NULL OR @size < 1
    BEGIN
        DECLARE @refused nvarchar(2048) = CONCAT(N'strangler_next_key: @size must be 1 or more (was ',
            COALESCE(CONVERT(nvarchar(20), @size), N'NULL'), N'); a smaller one would hand out keys already taken.');
        THROW 50002, @refused, 1;
    END
    UPDATE [strangler_key_blocks] SET @first = [next_value], [next_value] = [next_value] + @size
    WHERE [entity] = @entity;
    IF @@ROWCOUNT = 0
    BEGIN
        DECLARE @message nvarchar(2048) = CONCAT(N'strangler_next_key: entity "', @entity,
            N'" is not registered in strangler_key_blocks; register it (LegacyKeyAllocator.RegisterAsync) before the monolith takes keys from it.');
        THROW 50001, @message, 1;
    END
END
