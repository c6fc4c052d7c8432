using System.Net;
using System.Text.Json;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: a flip's, rollback's or rollout command's actor and reason took any character, so a reason with a line break
/// forged a second line in the log and the history's one-line views, and an ANSI escape (ESC [2J) cleared the terminal
/// of whoever read the log or ran <c>strangler routes history</c>. Now refused with a 400 naming the field and the
/// character, and nothing is recorded.
/// </summary>
public sealed class OperatorTextTests
{
    public static TheoryData<string, string, string> BadText => new()
    {
        { "reason", "line one\nFAKE info: Route customers changed by admin", "a line feed (U+000A) at character 9" },
        { "reason", "undo\r", "a carriage return (U+000D) at character 5" },
        { "reason", "red \u001B[31malert", "an escape character (U+001B) at character 5" },
        { "reason", "tab\there", "a tab (U+0009)" },
        { "reason", "next\u0085line", "a control character (U+0085)" },
        { "reason", "sep\u2028arator", "a line separator (U+2028)" },
        { "reason", "\u202Eesrever", "a bidirectional control character (U+202E) at character 1" },
        { "actor", "eve\u001B[2J", "an escape character (U+001B) at character 4" },
        { "actor", "ada\nbob", "a line feed (U+000A)" },
    };

    [Theory]
    [MemberData(nameof(BadText))]
    public async Task Flip_WithAControlCharacter_Is400NamingTheField_AndRecordsNothing(string field, string text, string message)
    {
        await using var rig = await Rig.StartAsync("legacy");
        var before = File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json"));
        var body = new Dictionary<string, object> { ["subdomain"] = "customers", ["mode"] = "new", ["reason"] = "fine", ["actor"] = "ada" };
        body[field] = text;

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, problem!["errors"]![field]![0]!.ToString());
        Assert.StartsWith($"{field}: contains ", (string)problem["detail"]!);
        // The answer names the character by code point and never echoes the text.
        Assert.DoesNotContain(text, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")));
        Assert.DoesNotContain(rig.Gateway.Service<RouteAdmin>().GetHistory(), c => c.Action == "flip");
    }

    [Theory]
    [MemberData(nameof(BadText))]
    public async Task Rollback_WithAControlCharacter_Is400NamingTheField(string field, string text, string message)
    {
        await using var rig = await Rig.StartAsync("legacy");
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "r1" });
        var body = new Dictionary<string, object> { ["revision"] = 1, ["subdomain"] = "customers", ["reason"] = "back", ["actor"] = "ada" };
        body[field] = text;

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback", JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, problem!["errors"]![field]![0]!.ToString());
        Assert.DoesNotContain(rig.Gateway.Service<RouteAdmin>().GetHistory(), c => c.Action == "rollback");
    }

    [Theory]
    [MemberData(nameof(BadText))]
    public async Task RolloutCommand_WithAControlCharacter_Is400NamingTheField_AndStartsNothing(string field, string text, string message)
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));
        var before = rig.History.Count;
        var body = new Dictionary<string, object> { ["reason"] = "go", ["actor"] = "ada" };
        body[field] = text;

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollout/customers/start", JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith($"{field}: contains ", (string)problem!["detail"]!);
        Assert.Contains(message, (string)problem["detail"]!);
        Assert.Equal(before, rig.History.Count);
        Assert.Null(rig.Controller.Status("customers")!.State);
    }

    [Fact]
    public async Task RolloutCommand_FromTheDashboard_GetsTheSameCheck()
    {
        // The dashboard's panel calls the controller with its own actor and the page's reason.
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));

        var result = await rig.Controller.ExecuteAsync(RolloutCommand.Start, "customers", "dashboard", "go\n2026 info: forged",
            TestContext.Current.CancellationToken);
        var tooLong = await rig.Controller.ExecuteAsync(RolloutCommand.Start, "customers", "dashboard", new string('x', 1001),
            TestContext.Current.CancellationToken);

        Assert.Equal(400, result.Status);
        Assert.StartsWith("reason: contains a line feed (U+000A) at character 3", result.Errors[0]);
        Assert.Equal("reason: must be at most 1000 characters", tooLong.Errors[0]);
        Assert.Null(rig.Controller.Status("customers")!.State);
    }

    [Fact]
    public async Task RoutesApply_WithAControlCharacterInTheReason_IsRefusedBeforeTheStoreIsTouched()
    {
        // A store nobody listens on: the refusal must come before any connection is tried.
        var client = new FleetStoreClient("postgres", "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=1");
        var route = new Strangler.Gateway.Configuration.RouteDefinition
        {
            Name = "customers", Paths = ["/customers"], Legacy = "http://127.0.0.1:1", New = "http://127.0.0.1:2",
            Mode = Strangler.Gateway.Configuration.RouteMode.Legacy,
        };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.ApplyAsync([route], "release 42\u001B[2K", "ci", TestContext.Current.CancellationToken));

        Assert.StartsWith("reason: contains an escape character (U+001B) at character 11", refused.Message);
    }
}
