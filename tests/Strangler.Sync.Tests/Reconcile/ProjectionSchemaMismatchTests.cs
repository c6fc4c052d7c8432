using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Metrics;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Continuous;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// Regression: a projection naming a column or table its legacy table lacks. A misspelt <c>ParentKeyColumn</c> made
/// every key an <c>error</c> finding ("column t.productid does not exist"), each key read alone; a mapping of a
/// column written in the wrong case (<c>Name</c> for PostgreSQL's <c>name</c>) or misspelt was never applied and no
/// run said so (an <c>Ignore</c> of a secret column then copied it into the store); a missing table ended the command
/// as an "unexpected error". Now a load, a reconcile and the continuous check refuse to start, naming each setting.
/// </summary>
public sealed class ProjectionSchemaMismatchTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Load_and_reconcile_name_every_column_the_tables_lack(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 5);
        var good = CustomerDataSet.Projection;
        harness.Projection = good with
        {
            Root = good.Root with
            {
                Columns = new Dictionary<string, ColumnMapping>(good.Root.Columns) { ["Name"] = new() { Ignore = true }, ["credit_limt"] = new() { Type = "decimal" } },
            },
            Children = [good.Children[0] with { ParentKeyColumn = "customerid" }],
        };

        var load = await Assert.ThrowsAsync<OptionsValidationException>(() => harness.LoadAsync());
        var reconcile = await Assert.ThrowsAsync<OptionsValidationException>(() => harness.ReconcileAsync());

        foreach (var failures in new[] { load.Failures.ToList(), reconcile.Failures.ToList() })
        {
            Assert.Equal(3, failures.Count);
            Assert.Contains(failures, f => f.StartsWith("Strangler:Sync:Projections ('crm-customers'):Root:Columns:Name: table 'crm_customers' has no column 'Name'; did you mean 'name'?", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Strangler:Sync:Projections ('crm-customers'):Root:Columns:credit_limt: table 'crm_customers' has no column 'credit_limt' (its columns: id, name, credit_limit, since)", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Strangler:Sync:Projections ('crm-customers'):Children:0:ParentKeyColumn: table 'crm_addresses' has no column 'customerid'", StringComparison.Ordinal));
        }

        Assert.False(File.Exists(harness.ReportPath));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_missing_table_is_named_by_its_setting(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 5);
        harness.Projection = CustomerDataSet.Projection with { Children = [CustomerDataSet.Projection.Children[0] with { Table = "crm_adresses" }] };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => harness.ReconcileAsync());

        Assert.StartsWith("Strangler:Sync:Projections ('crm-customers'):Children:0:Table: Table 'crm_adresses' does not exist", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_continuous_check_publishes_why_it_cannot_run_and_logs_it_without_a_stack_trace()
    {
        // Before: a warning with the exception's stack trace at every interval, and nothing in the status or the
        // dashboard to say why the projection had no drift figure.
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 5);
        harness.Projection = CustomerDataSet.Projection with { Children = [CustomerDataSet.Projection.Children[0] with { ParentKeyColumn = "customerid" }] };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var board = new DriftBoard(meters);
        var metrics = new SyncMetrics(meters, time);
        metrics.Register("crm-customers", "projection", "customers");
        metrics.Assigned("crm-customers", "projection", 3);
        var logger = new FakeLogger<ContinuousReconcileService>();
        using var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store,
            harness.Options with { SampleSizePerMinute = 60, RecheckDelay = TimeSpan.Zero }, board, time, logger, metrics);

        await service.CheckAllAsync(TestContext.Current.CancellationToken);

        var result = Assert.Single(board.Latest);
        Assert.Equal(0, result.Sampled);
        Assert.Equal(3, result.Partitions);
        Assert.StartsWith(
            "the projection does not match the legacy schema: Strangler:Sync:Projections ('crm-customers'):Children:0:ParentKeyColumn: table 'crm_addresses' has no column 'customerid'",
            result.Skipped, StringComparison.Ordinal);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Null(warning.Exception);
        Assert.StartsWith("Continuous check of crm-customers cannot run: the projection does not match the legacy schema: ", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("; it runs again within 00:01:00", warning.Message, StringComparison.Ordinal);
    }
}
