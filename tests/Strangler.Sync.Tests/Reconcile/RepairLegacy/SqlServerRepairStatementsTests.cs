using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.SqlServer;
using Strangler.Sync.Backfill;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>
/// SQL Server cannot run here: the statements one batch's legacy repair sends through the backfill writer's plan are
/// pinned instead, for keys the new side deleted (with and without child rows) and a key with a stray child row.
/// </summary>
public sealed class SqlServerRepairStatementsTests
{
    [Fact]
    public void A_batch_deletes_every_child_row_before_any_root_row_then_writes_roots_before_items()
    {
        var events = new LegacyRepairEvents(LegacyRepairRig.Repair,
            LegacyRepairRig.Mappings.ToDictionary(m => m.Key, m => (IEventMapping)new DeclaredEventMapping(m.Key, m.Value)), CustomerDataSet.Projection);
        var now = DateTimeOffset.UtcNow;
        var document = new Dictionary<string, object?>
        {
            ["_id"] = 3L, ["fullName"] = "Customer 3", ["creditLimit"] = 3.5m, ["since"] = "2020-01-01T03:00:00Z",
            ["addresses"] = new List<object?>
            {
                new Dictionary<string, object?> { [DocumentFields.ItemKey] = 31L, ["town"] = "City 3-1" },
                new Dictionary<string, object?> { [DocumentFields.ItemKey] = 32L, ["town"] = "City 3-2" },
            },
        };
        // The batch's first finding deletes a customer without addresses: its root delete must not go first.
        var repairs = new[]
        {
            events.Plan(0, Finding.Of("crm-customers", FindingKind.MissingInNew, 19L), null, Legacy(19L), now),
            events.Plan(1, Finding.Of("crm-customers", FindingKind.MissingInNew, 20L), null, Legacy(20L, 201L, 202L), now),
            events.Plan(2, Finding.Of("crm-customers", FindingKind.Different, 3L), document, Legacy(3L, 31L, 39L), now),
        };

        var groups = WritePlanner.Plan(Sync.Reconcile.LegacyRepair.InOrder(repairs).SelectMany(e => e.Event.Writes));
        var dialect = (SqlServerDialect)SqlDialects.For(LegacyProvider.SqlServer);
        var statements = groups.Select(g => SqlServerStatements.Build(dialect, g, g.Rows.Count)).ToList();

        Assert.Equal(
        [
            "DELETE FROM [crm_addresses] WHERE [id] IN (@p0, @p1, @p2);",
            "DELETE FROM [crm_customers] WHERE [id] IN (@p0, @p1);",
            "MERGE INTO [crm_customers] WITH (HOLDLOCK) AS t USING (VALUES (@p0, @p1, @p2, @p3)) AS s ([id], [credit_limit], [name], [since]) " +
            "ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[credit_limit] = s.[credit_limit], t.[name] = s.[name], t.[since] = s.[since] " +
            "WHEN NOT MATCHED THEN INSERT ([id], [credit_limit], [name], [since]) VALUES (s.[id], s.[credit_limit], s.[name], s.[since]);",
            "MERGE INTO [crm_addresses] WITH (HOLDLOCK) AS t USING (VALUES (@p0, @p1, @p2), (@p3, @p4, @p5)) AS s ([id], [city], [customer_id]) " +
            "ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[city] = s.[city], t.[customer_id] = s.[customer_id] " +
            "WHEN NOT MATCHED THEN INSERT ([id], [city], [customer_id]) VALUES (s.[id], s.[city], s.[customer_id]);",
        ], statements);
        Assert.Equal(["201", "202", "39"], groups[0].Rows.Select(r => r[0]));
        Assert.Equal(["19", "20"], groups[1].Rows.Select(r => r[0]));
        Assert.Equal([["31", "City 3-1", 3L], ["32", "City 3-2", 3L]], groups[3].Rows.Select(r => r.ToArray()));
        Assert.All(repairs, r => Assert.Equal("legacy", r.Outcome.Repaired));
    }

    private static LegacyEntity Legacy(long key, params long[] addresses) =>
        new(key, new LegacyRow(key, key, new Dictionary<string, object?> { ["id"] = key }, null),
            [addresses.Select(a => new LegacyRow(a, key, new Dictionary<string, object?> { ["id"] = a, ["customer_id"] = key }, null)).ToList()]);
}
