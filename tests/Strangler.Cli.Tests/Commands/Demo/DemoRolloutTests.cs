using System.Net.Http.Json;
using Strangler.Cli.Commands.Demo;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>
/// The README walkthrough's end, on the real demo: a rollout of customers promotes itself under the walkthrough's
/// steady <c>strangler demo traffic --rate</c>, and a second one rolls back when the sample service is told to fail.
/// Real time: the shipped plan bakes 20 s per step and evaluates every 20 s.
/// Bug it pins: the plan's first step was 10 % judged on 10-second windows, so at a few requests a second (a person's
/// loop of the CLI, each call starting a process) the new side served 3 requests a window against the 10 it needs,
/// and the rollout held for ever, inconclusive, without ever showing the promotion.
/// </summary>
public sealed class DemoRolloutTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private DemoEnvironment _demo = null!;

    public async ValueTask InitializeAsync() => _demo = await DemoEnvironment.StartAsync(
        new DemoSettings
        {
            GatewayPort = 0, LegacyPort = 0, CustomersPort = 0, SyncPort = 0,
            WorkDirectory = _directory.Path, RoutesSource = Repository.Routes,
        },
        TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _demo.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ARolloutPromotesItselfUnderDemoTraffic_AndASecondRollsBackWhenTheServiceFails()
    {
        var started = await Cli("rollout", "start", "customers", "--reason", "demo");
        Assert.True(started.ExitCode == 0, started.ToString());

        Assert.True(await TrafficUntilAsync(status => status.Contains("rollout completed")), await StatusAsync());
        Assert.Contains("serving new", await StatusAsync());
        var history = await Cli("routes", "history", "--subdomain", "customers");
        Assert.Contains("rollout: 25% -> 50% (errors ", history.Output);
        Assert.Contains("rollout: 50% -> 100% (errors ", history.Output);
        // The drift gate read the worker's continuous check through the dashboard's poller: every customer, equal. (A
        // "stall" line may follow it: an in-process gateway starved of CPU for over a second on a busy machine says so.)
        Assert.Matches(@"rollout: 50% -> 100% \(errors [^)]*, drift 0\.0% \(customers-projection: 0/[1-9][0-9]* legacy, 0/[1-9][0-9]* new\)[,)]", history.Output);

        Assert.Equal(0, (await Cli("routes", "flip", "customers", "legacy", "--reason", "again, to show a rollback")).ExitCode);
        Assert.Equal(0, (await Cli("rollout", "start", "customers", "--reason", "second try")).ExitCode);
        using var service = new HttpClient { BaseAddress = _demo.Customers };
        var fail = await service.PostAsJsonAsync("/_sample/faults", new { failPercent = 100 }, TestContext.Current.CancellationToken);
        Assert.True(fail.IsSuccessStatusCode, await fail.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.True(await TrafficUntilAsync(status => status.Contains("rollout rolled-back")), await StatusAsync());
        var status = await StatusAsync();
        Assert.Contains("serving legacy", status);
        Assert.Contains("rollout: 25% -> legacy, gate failed: errors", status);
    }

    // Three requests a second, the slowest steady traffic the README promises a promotion at, for at most three minutes.
    private async Task<bool> TrafficUntilAsync(Func<string, bool> done)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var traffic = CliRunner.RunAsync(["demo", "traffic", "--rate", "3", "--requests", "540", "--users", "100",
            "--gateway", _demo.Gateway.ToString()], stop.Token);
        try
        {
            while (!traffic.IsCompleted)
            {
                if (done(await StatusAsync()))
                {
                    return true;
                }

                await Task.WhenAny(traffic, Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
            }

            var finished = await traffic;
            Assert.True(finished.ExitCode is 0 or 1, finished.ToString());
            return done(await StatusAsync());
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await traffic;
            }
            catch (OperationCanceledException)
            {
                // The traffic stopped because the rollout got where it was awaited.
            }
        }
    }

    private async Task<string> StatusAsync() => (await Cli("rollout", "status", "customers")).Output;

    private Task<CliResult> Cli(params string[] args) =>
        CliRunner.RunAsync([.. args, "--gateway", _demo.Gateway.ToString(), "--token", _demo.AdminToken]);
}
