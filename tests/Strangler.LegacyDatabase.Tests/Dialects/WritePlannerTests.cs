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

    private static RowWrite Update(object key, params (string Column, object? Value)[] columns) => new()
    {
        Table = "Customers", KeyColumn = "Id", Key = key, Operation = WriteOperation.Update,
        Columns = columns.ToDictionary(c => c.Column, c => c.Value),
    };

    [Fact]
    public void Plan_UpsertThenUpdateThenDelete_OfOneRow_OnlyDeletes()
    {
        var groups = WritePlanner.Plan([Upsert(1, ("Name", "a")), Update(1, ("Name", "b")), Delete(1)]);

        var group = Assert.Single(groups);
        Assert.Equal(WriteOperation.Delete, group.Operation);
    }

    [Fact]
    public void Plan_UpsertThenUpdate_IsOneUpsertWithTheUpdatesValues()
    {
        var group = Assert.Single(WritePlanner.Plan([Upsert(1, ("Name", "a"), ("City", "x")), Update("1", ("Name", "b"))]));

        Assert.Equal(WriteOperation.Upsert, group.Operation);
        Assert.Equal(new object?[] { 1, "x", "b" }, Assert.Single(group.Rows));
    }

    // The update requires the row; the upsert after it then only updates it, so both stay an update (never an insert).
    [Fact]
    public void Plan_UpdateThenUpsert_IsOneUpdateWithTheUpsertsValues()
    {
        var group = Assert.Single(WritePlanner.Plan([Update(1, ("Name", "a")), Upsert(1, ("City", "x"))]));

        Assert.Equal(WriteOperation.Update, group.Operation);
        Assert.Equal(["City", "Name"], group.Columns);
    }

    // The update must still find the row before the delete removes it: it runs first.
    [Fact]
    public void Plan_UpdateThenDelete_UpdatesFirstThenDeletes()
    {
        var groups = WritePlanner.Plan([Update(1, ("Name", "a")), Delete(1)]);

        Assert.Equal([WriteOperation.Update, WriteOperation.Delete], groups.Select(g => g.Operation));
    }

    [Fact]
    public void Plan_DeleteThenUpdate_CanFindNoRow_AndFailsNamingTheKey()
    {
        var error = Assert.Throws<LegacyRowMissingException>(() => WritePlanner.Plan([Delete(1), Update(1, ("Name", "a"))]));

        Assert.Equal("no row with Id = 1 in Customers; an update mapping does not insert", error.Message);
    }

    [Fact]
    public void Plan_DeleteThenUpsertThenUpdate_DeletesThenUpsertsBoth()
    {
        var groups = WritePlanner.Plan([Delete(1), Upsert(1, ("Name", "a")), Update(1, ("City", "x"))]);

        Assert.Equal([WriteOperation.Delete, WriteOperation.Upsert], groups.Select(g => g.Operation));
        Assert.Equal(new object?[] { 1, "x", "a" }, groups[1].Rows[0]);
    }

    [Fact]
    public void Plan_UpsertsAndUpdatesOfOtherRows_GetTheirOwnGroups_InTheOrderTheyCame()
    {
        var groups = WritePlanner.Plan([Update(1, ("Name", "a")), Upsert(2, ("Name", "b")), Update(3, ("Name", "c"))]);

        Assert.Equal([WriteOperation.Update, WriteOperation.Upsert], groups.Select(g => g.Operation));
        Assert.Equal(2, groups[0].Rows.Count);
    }

    [Fact]
    public void Plan_UpdateOfTheKeyOnly_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => WritePlanner.Plan([Update(1, ("Id", 1))]));

        Assert.Equal("An update of Customers (Id = 1) sets no column besides the key.", error.Message);
    }
}
