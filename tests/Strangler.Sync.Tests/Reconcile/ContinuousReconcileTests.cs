using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Reconcile.Continuous;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>Issue 13.3: the worker's continuous check on the generated data set, its gauge and the status endpoint.</summary>
public sealed class ContinuousReconcileTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_sample_finds_the_share_of_differing_keys_and_the_status_and_gauge_show_it(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 200);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed' WHERE id IN (10, 11, 12)");
        await harness.PlantAsync(new DeleteDocument(20L, harness.PlantPosition));

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(time).AddSyncMetrics().AddSingleton<DriftBoard>();
        await using var app = builder.Build();
        app.MapStranglerSync();
        var board = app.Services.GetRequiredService<DriftBoard>();
        double? gauge = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "strangler.sync.reconcile.drift")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "projection" && (string?)t.Value == "crm-customers"))
            {
                gauge = value;
            }
        });
        listener.Start();

        // A sample the size of the table takes every key once: 4 of 200 differ, whichever order the sample comes in.
        var options = harness.Options with { SampleSizePerMinute = 500 };
        var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store, options,
            board, time, NullLogger<ContinuousReconcileService>.Instance);
        await service.CheckAllAsync(TestContext.Current.CancellationToken);
        listener.RecordObservableInstruments();

        var result = Assert.Single(board.Latest);
        Assert.Equal(new DriftResult("crm-customers", time.GetUtcNow(), 200, 4), result);
        Assert.Equal(0.02, gauge);

        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var status = await client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
            var drift = Assert.Single(status.GetProperty("drift").EnumerateArray().ToList());
            Assert.Equal("crm-customers", drift.GetProperty("projection").GetString());
            Assert.Equal(time.GetUtcNow(), drift.GetProperty("at").GetDateTimeOffset());
            Assert.Equal(200, drift.GetProperty("sampled").GetInt32());
            Assert.Equal(4, drift.GetProperty("differing").GetInt32());
            Assert.Equal(0.02, drift.GetProperty("drift").GetDouble());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }

        // Repaired, the next sample is clean.
        await harness.ReconcileAsync(repair: "new");
        time.Advance(TimeSpan.FromMinutes(1));
        await service.CheckAllAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new DriftResult("crm-customers", time.GetUtcNow(), 200, 0), Assert.Single(board.Latest));
    }

    [Fact]
    public void The_worker_registers_the_check_only_when_a_sample_size_is_set()
    {
        static int Checks(string? sample)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:BootstrapServers"] = "127.0.0.1:9",
                ["Strangler:Sync:Reconcile:Provider"] = "sqlite",
                ["Strangler:Sync:Reconcile:ConnectionString"] = "Data Source=:memory:",
                ["Strangler:Sync:Reconcile:SampleSizePerMinute"] = sample,
            });
            builder.Services.AddStranglerSync();
            using var host = builder.Build();
            return host.Services.GetServices<IHostedService>().OfType<ContinuousReconcileService>().Count();
        }

        Assert.Equal(0, Checks(null));
        Assert.Equal(1, Checks("50"));
    }
}
