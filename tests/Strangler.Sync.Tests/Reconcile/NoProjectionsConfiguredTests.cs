using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// Regression (found following the README as a new team): <c>strangler reconcile</c> run from another folder than the
/// worker's found no settings at all and said <c>no projection is named 'products-projection' (known: )</c>, not
/// that it reads <c>appsettings.json</c> from the current folder.
/// </summary>
public sealed class NoProjectionsConfiguredTests
{
    [Fact]
    public async Task A_job_with_no_projection_configured_says_where_it_looked_for_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strangler:Sync:Reconcile:Provider"] = "sqlite",
            ["Strangler:Sync:Reconcile:ConnectionString"] = "Data Source=legacy.db",
        }).Build();
        var request = new ReconcileRequest { Projection = "products-projection", ReportPath = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}", "r.ndjson") };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ReconcileJobs.ReconcileAsync(configuration, request, null, CancellationToken.None));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Strangler:Sync:Projections: none is configured; the command reads appsettings.json in the current folder (" + Directory.GetCurrentDirectory(), failure, StringComparison.Ordinal);
        Assert.EndsWith("run it from the worker's folder", failure, StringComparison.Ordinal);
    }
}
