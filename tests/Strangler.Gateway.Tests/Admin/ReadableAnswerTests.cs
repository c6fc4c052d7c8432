using System.Net;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// The admin API's answers are read with curl, so their text is written as is. Bug: a flip's <c>at</c> came out as
/// <c>"2026-12-05T03:00:00\u002B00:00"</c> (the answer is built as a JsonNode, whose strings the default encoder escapes
/// again) and a reason <c>don't</c> as <c>don\u0027t</c>. The problems
/// were already readable: ASP.NET Core writes them with its own settings, whose encoder is the one used now.
/// </summary>
public sealed class ReadableAnswerTests
{
    [Fact]
    public async Task FlipRollbackAndHistory_WriteTheOffsetAndTheReasonAsTheyAre()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (flip, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "don't wait for Müller", actor = "ada" });
        var (rollback, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback", new { revision = 1, reason = "back <now>" });
        var (history, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/history?subdomain=customers");

        foreach (var response in new[] { flip, rollback, history })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Matches("\"at\":\"[0-9T:.-]+\\+00:00\"", text);
            Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        }

        Assert.Contains("\"reason\":\"don't wait for Müller\"", await flip.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARolloutAnswer_WritesTheReasonAsItIs()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollout/customers/start", new { actor = "ada", reason = "go" });

        var (aborted, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollout/customers/abort", new { reason = "don't go on" });

        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        var text = await aborted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("don't go on", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
    }
}
