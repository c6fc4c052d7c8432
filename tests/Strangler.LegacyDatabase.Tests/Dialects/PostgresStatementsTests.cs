using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Postgres;

namespace Strangler.LegacyDatabase.Tests.Dialects;

/// <summary>
/// The PostgreSQL statement text, pinned: the upsert is the one the sync-out benchmark measured before update mappings
/// (this test passes on that code unchanged), and the update is one statement per group, however many rows.
/// </summary>
public sealed class PostgresStatementsTests
{
    private static readonly PostgresDialect Dialect = new();

    private static string TypeOf(string column) => column == "Id" ? "bigint" : "text";

    private static WriteGroup Group(WriteOperation operation) => new()
    {
        Table = "public.Customers", KeyColumn = "Id", Operation = operation, Columns = ["City", "Name"],
        Rows = [[1, "x", "a"], [2, "y", "b"], [3, "z", "c"]],
    };

    [Fact]
    public void Build_Upsert_IsTheInsertFromUnnestOnConflictDoUpdate()
    {
        Assert.Equal(
            "INSERT INTO \"public\".\"Customers\" (\"Id\", \"City\", \"Name\") SELECT u.c0::bigint, u.c1::text, u.c2::text " +
            "FROM unnest($1::text[], $2::text[], $3::text[]) AS u(c0, c1, c2) " +
            "ON CONFLICT (\"Id\") DO UPDATE SET \"City\" = EXCLUDED.\"City\", \"Name\" = EXCLUDED.\"Name\"",
            PostgresStatements.Build(Dialect, Group(WriteOperation.Upsert), TypeOf));
    }

    [Fact]
    public void Build_Upsert_KnownAbsent_IsAPlainInsert()
    {
        Assert.Equal(
            "INSERT INTO \"public\".\"Customers\" (\"Id\", \"City\", \"Name\") SELECT u.c0::bigint, u.c1::text, u.c2::text " +
            "FROM unnest($1::text[], $2::text[], $3::text[]) AS u(c0, c1, c2)",
            PostgresStatements.Build(Dialect, Group(WriteOperation.Upsert) with { KnownAbsent = true }, TypeOf));
    }

    [Fact]
    public void Build_Update_IsOneUpdateFromUnnest()
    {
        Assert.Equal(
            "UPDATE \"public\".\"Customers\" AS t SET \"City\" = u.c1::text, \"Name\" = u.c2::text " +
            "FROM unnest($1::text[], $2::text[], $3::text[]) AS u(c0, c1, c2) WHERE t.\"Id\" = u.c0::bigint",
            PostgresStatements.Build(Dialect, Group((WriteOperation)2), TypeOf));
    }
}
