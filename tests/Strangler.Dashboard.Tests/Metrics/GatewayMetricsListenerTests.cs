using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Metrics;

namespace Strangler.Dashboard.Tests.Metrics;

public sealed class GatewayMetricsListenerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Measurements_FromThisHostsMeter_FeedTheHistory()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var history = new TrafficHistory(_time);
        using var listener = new GatewayMetricsListener(history, factory);
        await listener.StartAsync(TestContext.Current.CancellationToken);
        var meter = factory.Create(GatewayInstruments.MeterName);
        var requests = meter.CreateCounter<long>(GatewayInstruments.Requests);
        var errors = meter.CreateCounter<long>(GatewayInstruments.Errors);
        var duration = meter.CreateHistogram<double>(GatewayInstruments.Duration);
        var breakerOpen = 1;
        meter.CreateObservableGauge(GatewayInstruments.BreakerOpen,
            () => new Measurement<int>(breakerOpen, new KeyValuePair<string, object?>("subdomain", "customers")));

        requests.Add(1, new TagList { { "subdomain", "customers" }, { "side", "new" }, { "status", 503 } });
        errors.Add(1, new TagList { { "subdomain", "customers" }, { "side", "new" } });
        duration.Record(0.250, new TagList { { "subdomain", "customers" }, { "side", "new" } });
        listener.Refresh();

        var figures = history.Summarize("customers", "new", TimeSpan.FromMinutes(1));
        Assert.Equal((1L, 1L), (figures.Requests, figures.Errors));
        Assert.InRange(figures.P99Seconds!.Value, 0.250, 0.375);
        Assert.True(history.BreakerOpen("customers"));

        breakerOpen = 0;
        listener.Refresh();
        Assert.False(history.BreakerOpen("customers"));
    }

    [Fact]
    public async Task Measurements_FromAnotherHostsMeter_AreIgnored()
    {
        using var mine = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var history = new TrafficHistory(_time);
        using var listener = new GatewayMetricsListener(history, mine.GetRequiredService<IMeterFactory>());
        await listener.StartAsync(TestContext.Current.CancellationToken);
        var foreign = other.GetRequiredService<IMeterFactory>().Create(GatewayInstruments.MeterName)
            .CreateCounter<long>(GatewayInstruments.Requests);

        foreign.Add(1, new TagList { { "subdomain", "customers" }, { "side", "legacy" }, { "status", 200 } });

        Assert.Empty(history.Subdomains());
    }
}
