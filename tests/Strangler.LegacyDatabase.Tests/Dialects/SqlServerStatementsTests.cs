using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.SqlServer;

namespace Strangler.LegacyDatabase.Tests.Dialects;

/// <summary>SQL Server cannot run here: these pin the statement text; SqlServerDialectTests runs it when a server is set.</summary>
public sealed class SqlServerStatementsTests
{
    private static readonly SqlServerDialect Dialect = new();

    [Fact]
    public void Build_Upsert_IsAMergeWithHoldlockOverAMultiRowValuesSource()
    {
        var group = new WriteGroup
        {
            Table = "dbo.Customers", KeyColumn = "Id", Operation = WriteOperation.Upsert, Columns = ["Name", "City"],
            Rows = [[1, "a", "x"], [2, "b", "y"]],
        };

        var sql = SqlServerStatements.Build(Dialect, group, 2);

        Assert.Equal(
            "MERGE INTO [dbo].[Customers] WITH (HOLDLOCK) AS t USING (VALUES (@p0, @p1, @p2), (@p3, @p4, @p5)) " +
            "AS s ([Id], [Name], [City]) ON t.[Id] = s.[Id] WHEN MATCHED THEN UPDATE SET t.[Name] = s.[Name], t.[City] = s.[City] " +
            "WHEN NOT MATCHED THEN INSERT ([Id], [Name], [City]) VALUES (s.[Id], s.[Name], s.[City]);", sql);
    }

    [Fact]
    public void Build_Delete_UsesOneInList()
    {
        var group = new WriteGroup
        {
            Table = "Customers", KeyColumn = "Id", Operation = WriteOperation.Delete, Columns = [], Rows = [[1], [2], [3]],
        };

        Assert.Equal("DELETE FROM [Customers] WHERE [Id] IN (@p0, @p1, @p2);", SqlServerStatements.Build(Dialect, group, 3));
    }

    [Fact]
    public void Build_Update_IsAnUpdateJoinedToAMultiRowValuesSource_ThatReportsItsOwnRowCount()
    {
        var group = new WriteGroup
        {
            Table = "dbo.Customers", KeyColumn = "Id", Operation = WriteOperation.Update, Columns = ["Name", "City"],
            Rows = [[1, "a", "x"], [2, "b", "y"]],
        };

        var sql = SqlServerStatements.Build(Dialect, group, 2);

        Assert.Equal(
            "UPDATE t SET t.[Name] = s.[Name], t.[City] = s.[City] FROM [dbo].[Customers] AS t INNER JOIN " +
            "(VALUES (@p0, @p1, @p2), (@p3, @p4, @p5)) AS s ([Id], [Name], [City]) ON t.[Id] = s.[Id]; SELECT @@ROWCOUNT;", sql);
    }

    [Fact]
    public void BuildMissingKeys_SelectsThePositionsOfTheKeysWithoutARow()
    {
        var group = new WriteGroup
        {
            Table = "Customers", KeyColumn = "Id", Operation = WriteOperation.Update, Columns = ["Name"], Rows = [[1, "a"], [2, "b"]],
        };

        Assert.Equal(
            "SELECT s.i FROM (VALUES (0, @p0), (1, @p1)) AS s (i, k) WHERE NOT EXISTS " +
            "(SELECT 1 FROM [Customers] AS t WHERE t.[Id] = s.k);", SqlServerStatements.BuildMissingKeys(Dialect, group, 2));
    }

    [Theory]
    [InlineData(1205, FailureKind.Transient)]
    [InlineData(-2, FailureKind.Transient)]
    [InlineData(2627, FailureKind.Permanent)]
    [InlineData(208, FailureKind.Permanent)]
    [InlineData(245, FailureKind.Permanent)]
    public void Classify_ErrorNumber_IsPermanentOnlyWhenRetryingCannotHelp(int number, FailureKind expected)
    {
        Assert.Equal(expected, SqlServerErrors.Classify(number));
    }
}
