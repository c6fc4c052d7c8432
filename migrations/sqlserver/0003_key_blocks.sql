-- Hi-lo key blocks: next_value is the first key nobody has taken yet. New services reserve a block at a time;
-- the monolith takes single keys through strangler_next_key, so both draw from this one row and never collide.
CREATE TABLE [strangler_key_blocks] (
    [entity]     nvarchar(200) NOT NULL PRIMARY KEY,
    [next_value] bigint        NOT NULL
);
GO
CREATE PROCEDURE [strangler_next_key] @entity nvarchar(200), @size bigint = 1, @first bigint OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE [strangler_key_blocks] SET @first = [next_value], [next_value] = [next_value] + @size
    WHERE [entity] = @entity;
END
