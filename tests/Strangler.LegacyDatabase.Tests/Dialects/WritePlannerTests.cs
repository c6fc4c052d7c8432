using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Tests.Dialects;

public sealed class WritePlannerTests
{
    private static RowWrite Upsert(object key, params (string Column, object? Value)[] columns) => new()
    {
        Table = "Customers", KeyColumn = "Id", Key = key, Operation = WriteOperation.Upsert,
        Columns = columns.ToDictionary(c => c.Column, c => c.Value),
    };

    private static RowWrite Delete(object key) => new()
    {
        Table = "Customers", KeyColumn = "Id", Key = key, Operation = WriteOperation.Delete,
    };

    [Fact]
    public void Plan_TwoUpsertsOfOneRow_MergesColumnsLaterValueWins()
    {
        var groups = WritePlanner.Plan([Upsert(1, ("Name", "a"), ("City", "x")), Upsert("1", ("Name", "b"))]);

        var group = Assert.Single(groups);
        Assert.Equal(["City", "Name"], group.Columns);
        Assert.Equal(new object?[] { 1, "x", "b" }, Assert.Single(group.Rows));
    }

    [Fact]
    public void Plan_UpsertThenDelete_OnlyDeletes()
    {
        var groups = WritePlanner.Plan([Upsert(1, ("Name", "a")), Delete(1)]);

        var group = Assert.Single(groups);
        Assert.Equal(WriteOperation.Delete, group.Operation);
    }

    [Fact]
    public void Plan_DeleteThenUpsert_DeletesFirstThenInsertsOnlyNewColumns()
    {
        var groups = WritePlanner.Plan([Upsert(1, ("City", "x")), Delete(1), Upsert(1, ("Name", "b"))]);

        Assert.Equal([WriteOperation.Delete, WriteOperation.Upsert], groups.Select(g => g.Operation));
        Assert.Equal(["Name"], groups[1].Columns);
    }

    [Fact]
    public void Plan_RowsWithDifferentColumnSets_GetSeparateGroups()
    {
        var groups = WritePlanner.Plan([Upsert(1, ("Name", "a")), Upsert(2, ("City", "x")), Upsert(3, ("Name", "c"))]);

        Assert.Equal(2, groups.Count);
        Assert.Equal(2, groups.Single(g => g.Columns.SequenceEqual(["Name"])).Rows.Count);
    }

    [Fact]
    public void Plan_KeyColumnAmongColumns_IsNotSetTwice()
    {
        var group = Assert.Single(WritePlanner.Plan([Upsert(1, ("Id", 1), ("Name", "a"))]));

        Assert.Equal(["Name"], group.Columns);
    }
}
