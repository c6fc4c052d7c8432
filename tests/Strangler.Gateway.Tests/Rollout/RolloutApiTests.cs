using System.Net;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutApiTests
{
    [Fact]
    public async Task StartPauseResumeAbortAndStatus_OverTheAdminApi()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));
        var api = rig.Gateway;

        var (started, view) = await api.AdminAsync(HttpMethod.Post, "/rollout/customers/start", new { actor = "ada", reason = "go" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(("canary:20", "running"), ((string)view!["mode"]!, (string)view["state"]!["status"]!));
        Assert.Equal("ada", rig.History[^1].Actor);

        var (_, status) = await api.AdminAsync(HttpMethod.Get, "/rollout/customers");
        Assert.Equal(3, status!["plan"]!["steps"]!.AsArray().Count);

        var (paused, pausedView) = await api.AdminAsync(HttpMethod.Post, "/rollout/customers/pause");
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal("paused", (string)pausedView!["state"]!["status"]!);
        Assert.Equal("paused by admin-api", (string)pausedView["state"]!["message"]!);

        var (resumed, _) = await api.AdminAsync(HttpMethod.Post, "/rollout/customers/resume");
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var (aborted, abortedView) = await api.AdminAsync(HttpMethod.Post, "/rollout/customers/abort", new { reason = "enough" });
        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        Assert.Equal(("legacy", "aborted"), ((string)abortedView!["mode"]!, (string)abortedView["state"]!["status"]!));

        var (list, listed) = await api.AdminAsync(HttpMethod.Get, "/rollout");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("customers", (string)listed!["rollouts"]![0]!["subdomain"]!);
    }

    [Fact]
    public async Task BadRequests_AreRefusedWithTheReason_AndChangeNothing()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));
        var api = rig.Gateway;
        var before = File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json"));

        var (noToken, _) = await api.AdminAsync(HttpMethod.Post, "/rollout/customers/start", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);

        var (unknown, problem) = await api.AdminAsync(HttpMethod.Post, "/rollout/customers/promote");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("unknown rollout command 'promote'", (string)problem!["detail"]!);

        var (missing, missingProblem) = await api.AdminAsync(HttpMethod.Post, "/rollout/orders/start");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no sub-domain named 'orders'", (string)missingProblem!["detail"]!);

        var (badBody, badProblem) = await api.AdminAsync(HttpMethod.Post, "/rollout/customers/start", "{\"actor\": 5, \"extra\": 1}");
        Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);
        Assert.Contains("actor", (string)badProblem!["detail"]!);

        Assert.Equal(before, File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")));
        Assert.Null(rig.Controller.Status("customers")!.State);
    }

    // Regression: a start with no reason, or a blank one, was taken, and the history's flips said nothing of why.
    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("{\"reason\": \"\"}")]
    [InlineData("{\"reason\": \"  \\t \"}")]
    public async Task Start_WithoutAReason_IsRefusedNamingTheField_AndChangesNothing(string? body)
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));
        var before = rig.History.Count;

        var (response, problem) = body is null
            ? await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollout/customers/start")
            : await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollout/customers/start", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("reason: is required to start a rollout", (string)problem!["detail"]!);
        Assert.Equal(RolloutController.MissingStartReason["reason: ".Length..], (string)problem["errors"]!["reason"]![0]!);
        Assert.Equal(before, rig.History.Count);
        Assert.Null(rig.Controller.Status("customers")!.State);
        Assert.Equal("legacy", rig.Controller.Status("customers")!.Mode);
    }

    [Fact]
    public async Task Start_OnASubdomainWithoutAPlan_IsRefused()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollout/customers/start");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("customers.json has no 'rollout' plan", (string)problem!["detail"]!);
    }
}
