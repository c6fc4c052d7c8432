using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// Legacy and new upstreams, a gateway on a controllable clock with a <c>customers</c> route carrying a rollout
/// plan, and a webhook receiver. Ticks are driven by the test (<see cref="TickAsync"/>), never by the timer.
/// </summary>
internal sealed class RolloutRig : IAsyncDisposable
{
    private int _users;

    private RolloutRig(Upstream legacy, Upstream @new, WebhookReceiver webhook, FakeTimeProvider clock, string directory)
    {
        (Legacy, New, Webhook, Clock, RoutesDirectory) = (legacy, @new, webhook, clock, directory);
    }

    public Upstream Legacy { get; }

    public Upstream New { get; }

    public WebhookReceiver Webhook { get; }

    public FakeTimeProvider Clock { get; }

    public string RoutesDirectory { get; }

    public GatewayHost Gateway { get; private set; } = null!;

    public ControllableDiffRates? Diff { get; private set; }

    /// <summary>More services for the gateway (e.g. another gate), added on every start.</summary>
    public Action<IServiceCollection>? ExtraServices { get; private set; }

    public RolloutController Controller => Gateway.Service<RolloutController>();

    public RouteAdmin Admin => Gateway.Service<RouteAdmin>();

    public string Mode => Admin.GetRoutes().Routes.Single(r => r.Route.Name == "customers").Route.ModeText;

    public RolloutState State => Controller.Status("customers")!.State!;

    public static JsonObject Plan(int[] steps, int bake = 60, int interval = 30, int minRequests = 20, int rollbackAfter = 1,
        JsonObject? gates = null) => new()
        {
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray()),
            ["bakeSeconds"] = bake,
            ["intervalSeconds"] = interval,
            ["minRequests"] = minRequests,
            ["rollbackAfter"] = rollbackAfter,
            ["gates"] = gates ?? new JsonObject { ["errorRateMargin"] = 0.01, ["p99Factor"] = 2.0 },
        };

    public static async Task<RolloutRig> StartAsync(JsonObject plan, ControllableDiffRates? diff = null, Action<IServiceCollection>? services = null)
    {
        var legacy = await Upstream.StartAsync("legacy");
        var @new = await Upstream.StartAsync("new");
        var webhook = await WebhookReceiver.StartAsync();
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", legacy.Url, @new.Url);
        // Failures must reach the error gate, not be hidden by a retry on legacy; the breaker is what it is.
        route["fallbackToLegacy"] = false;
        route["rollout"] = plan;
        RouteFiles.Write(directory, route);
        var rig = new RolloutRig(legacy, @new, webhook, new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z")), directory)
        {
            Diff = diff,
            ExtraServices = services,
        };
        await rig.StartGatewayAsync();
        return rig;
    }

    /// <summary>Starts (or, after <see cref="StopGatewayAsync"/>, restarts) the gateway over the same directory.</summary>
    public async Task StartGatewayAsync()
    {
        Gateway = await GatewayHost.StartAsync(RoutesDirectory, Legacy, new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Rollout:WebhookUrls:0"] = Webhook.Url,
            // The test ticks by hand; the timer on the fake clock would only add ticks at moments the test did not choose.
            ["Strangler:Gateway:Rollout:TickInterval"] = "00:10:00",
            ["Strangler:Gateway:Breaker:FailureThreshold"] = "1000000",
        }, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (Diff is not null)
            {
                services.AddSingleton<IShadowDiffRates>(Diff);
            }

            ExtraServices?.Invoke(services);
        }, ownsDirectory: false);
    }

    public async Task StopGatewayAsync() => await Gateway.DisposeAsync();

    /// <summary>Sends requests from distinct users, so a canary splits them by its percentage.</summary>
    public async Task TrafficAsync(int requests = 200)
    {
        for (var i = 0; i < requests; i++)
        {
            await Gateway.GetAsync("/customers/" + i, "user-" + Interlocked.Increment(ref _users));
        }
    }

    public async Task TickAsync(int advanceSeconds)
    {
        Clock.Advance(TimeSpan.FromSeconds(advanceSeconds));
        await Controller.TickAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Moves the clock to the rollout's next evaluation (when traffic already moved it, not past) and ticks.</summary>
    public async Task EvaluateNowAsync()
    {
        if (State.NextEvaluationAt > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(State.NextEvaluationAt);
        }

        await Controller.TickAsync(TestContext.Current.CancellationToken);
    }

    public Task<RolloutCommandResult> CommandAsync(RolloutCommand command, string actor = "ops", string? reason = null) =>
        Controller.ExecuteAsync(command, "customers", actor, reason ?? (command == RolloutCommand.Start ? "test" : null),
            TestContext.Current.CancellationToken);

    public IReadOnlyList<RouteChange> History => Admin.GetHistory("customers");

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Legacy.DisposeAsync();
        await New.DisposeAsync();
        await Webhook.DisposeAsync();
        try
        {
            Directory.Delete(RoutesDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
