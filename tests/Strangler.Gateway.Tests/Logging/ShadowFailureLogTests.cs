using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Gateway.Tests.Shadow;

namespace Strangler.Gateway.Tests.Logging;

/// <summary>
/// A shadowed new side that is down or too slow is said in the log, once in a while. Bug, found running the gateway as
/// ops do: shadow failures were logged at Debug and timeouts not at all, so with the new side down the log was silent
/// while not one shadow was compared.
/// </summary>
public sealed class ShadowFailureLogTests
{
    private const int Requests = 10;

    [Fact]
    public async Task New_side_down_writes_one_warning_naming_the_cause_for_many_failed_shadows()
    {
        using var closed = new ClosedPort();
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 }, edit: r => r["new"] = closed.Url,
            services: s => s.AddLogging(logging => logging.AddFakeLogging()));
        var log = rig.Gateway.Service<FakeLogCollector>();

        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal("legacy GET /customers/1?token=s3cr3t-value-123", (await rig.Gateway.GetAsync("/customers/1?token=s3cr3t-value-123", "u")).Body);
        }

        await rig.SettledAsync(Requests);
        var warnings = log.GetSnapshot().Where(r => r.Id.Id == 120).ToList();
        // One line per 10 s: two at most, should the machine be slow enough for the shadows to straddle an interval.
        Assert.InRange(warnings.Count, 1, 2);
        Assert.Equal(LogLevel.Warning, warnings[0].Level);
        Assert.Matches(@"^Shadow requests of customers fail on the new side, nothing is compared: GET /customers/\{id\}: Connection refused \(127\.0\.0\.1:\d+\)", warnings[0].Message);
        Assert.EndsWith("; 0 more such failure(s) since the last line (clients are served by legacy as before)", warnings[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.GetSnapshot(), r => r.Message.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task New_side_too_slow_writes_one_warning_with_the_timeout()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0, ["timeout"] = "00:00:00.200" },
            services: s => s.AddLogging(logging => logging.AddFakeLogging()));
        rig.New.Handler = c => Task.Delay(Timeout.Infinite, c.RequestAborted);
        var log = rig.Gateway.Service<FakeLogCollector>();

        for (var i = 0; i < 3; i++)
        {
            await rig.Gateway.GetAsync($"/customers/{i}", "u");
        }

        await rig.SettledAsync(3);
        var warning = Assert.Single(log.GetSnapshot(), r => r.Id.Id == 122);
        Assert.Equal("Shadow requests of customers time out on the new side, nothing is compared: GET /customers/{id} had not answered in full within the shadow timeout (00:00:00.2000000); 0 more such timeout(s) since the last line (clients are served by legacy as before)", warning.Message);
    }
}
