using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Strangler.Gateway.Tests.Reload;

/// <summary>
/// Regression: a routes directory missing at start was never watched, so /readyz stayed 503 until a restart.
/// The periodic directory check runs on the injected clock, so these tests move it by hand.
/// </summary>
public sealed class MissingDirectoryTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task RoutesDirectoryMissingAtStart_IsLoadedWhenItAppears_AndWatchedFromThen()
    {
        await using var upstreams = await Upstreams.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "strangler-gw-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(directory, upstreams.Legacy,
            services: s => s.AddSingleton<TimeProvider>(clock));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync("/readyz")).StatusCode);

        AppearAtomically(directory, RouteFiles.Route("customers", upstreams.Legacy.Url, upstreams.New.Url, "new"));
        // Nothing reacts until the check is due: the directory appeared, but the clock has not moved.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync("/readyz")).StatusCode);

        clock.Advance(Poll);
        Assert.True(await Eventually.TrueAsync(async () => (await gateway.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK));
        Assert.StartsWith("new ", (await gateway.GetAsync("/customers/1")).Body);

        // From now on the directory is watched like one present at start.
        RouteFiles.Write(directory, RouteFiles.Route("customers", upstreams.Legacy.Url, upstreams.New.Url, "legacy"));
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(50)); // the reload debounce, on the same clock
            return (await gateway.GetAsync("/customers/1")).Body.StartsWith("legacy ", StringComparison.Ordinal);
        }));
    }

    [Fact]
    public async Task RoutesDirectoryGoneAndBack_LastGoodTableServesMeanwhile_ThenTheNewOneLoads()
    {
        await using var upstreams = await Upstreams.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "strangler-gw-" + Guid.NewGuid().ToString("N"));
        AppearAtomically(directory, RouteFiles.Route("customers", upstreams.Legacy.Url, upstreams.New.Url, "legacy"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(directory, upstreams.Legacy,
            services: s => s.AddSingleton<TimeProvider>(clock));

        Directory.Delete(directory, recursive: true);
        clock.Advance(Poll);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"] is not null));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/readyz")).StatusCode);
        Assert.StartsWith("legacy ", (await gateway.GetAsync("/customers/1")).Body);

        AppearAtomically(directory, RouteFiles.Route("customers", upstreams.Legacy.Url, upstreams.New.Url, "new"));
        clock.Advance(Poll);
        Assert.True(await Eventually.TrueAsync(async () => (await gateway.GetAsync("/customers/1")).Body.StartsWith("new ", StringComparison.Ordinal)));
        Assert.Null((await gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"]);
    }

    // Built beside the target and renamed into place, as a volume mount or a deploy tool would: one step, complete.
    private static void AppearAtomically(string directory, System.Text.Json.Nodes.JsonObject route)
    {
        var staging = RouteFiles.NewDirectory();
        RouteFiles.Write(staging, route);
        Directory.Move(staging, directory);
    }

    private sealed class Upstreams : IAsyncDisposable
    {
        public required Upstream Legacy { get; init; }

        public required Upstream New { get; init; }

        public static async Task<Upstreams> StartAsync() =>
            new() { Legacy = await Upstream.StartAsync("legacy"), New = await Upstream.StartAsync("new") };

        public async ValueTask DisposeAsync()
        {
            await Legacy.DisposeAsync();
            await New.DisposeAsync();
        }
    }
}
