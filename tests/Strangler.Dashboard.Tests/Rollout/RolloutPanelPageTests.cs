using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Rollout;

[Collection(BrowserCollection.Name)]
public sealed class RolloutPanelPageTests(Chromium chromium, Upstreams upstreams)
{
    [Fact]
    public async Task Operator_StartsARolloutFromThePanel_AndSeesItsStepAndNextEvaluation()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        await RolloutPlanFile.AddAsync(gateway, client);
        await using var context = await chromium.NewContextAsync();
        var page = await SignedInPageAsync(context, gateway);

        var card = page.Locator("article.rollout-card[data-subdomain='customers']");
        await Assertions.Expect(card).ToContainTextAsync("not started", new() { Timeout = 30_000 });
        // Regression: the title ran its words together ("customers not started serving legacy"). It reads as the
        // name, a state badge, then what the route serves as the Sub-domains table's mode badge, apart on screen.
        await TitleAsync(card, "not started", "status-none", "legacy", "mode-legacy");
        // Regression: Start asked through the browser's native prompt, unlike Change route and Roll back.
        var native = new List<string>();
        page.Dialog += async (_, d) =>
        {
            native.Add(d.Message);
            await d.DismissAsync();
        };
        await card.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        // The page's own dialog says what Start does before asking why.
        var dialog = page.Locator("#rollout-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Start the rollout of customers");
        await Assertions.Expect(dialog.Locator("#rollout-summary")).ToHaveTextAsync(
            "Start flips customers from legacy to canary 5% now; then judges the gates every 60 s, moves to the next step " +
            "after 600 s of passing, up to new, and rolls back to legacy on a failed gate.");
        await dialog.GetByLabel("Reason (required; recorded in the history)").FillAsync("cutover week");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName, "rollout-start-dialog.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start rollout" }).ClickAsync();

        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync(" running", new() { Timeout = 30_000 });
        Assert.Empty(native);
        await Assertions.Expect(card.Locator(".rollout-steps li.current")).ToHaveTextAsync("5%");
        // Written as the Sub-domains table writes it (was "serving canary:5"), with who started it, when, and how far along.
        await Assertions.Expect(card.Locator("h3")).ToContainTextAsync("serving canary 5%");
        await TitleAsync(card, "running", "status-running", "canary 5%", "mode-canary");
        await Assertions.Expect(card.Locator(".rollout-timing")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            @"^Started \d\d:\d\d:\d\d \S+ \(\d+ s ago\) by dashboard; at 5% since \d\d:\d\d:\d\d \S+ \(\d+ s ago\), next step after 600 s of passing \(not before \d\d:\d\d:\d\d \S+\)$"));
        await Assertions.Expect(card.Locator(".rollout-next")).ToContainTextAsync("Next evaluation in ");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#history tbody")).ToContainTextAsync("rollout: start legacy -> 5% (by dashboard: cutover week)", new() { Timeout = 30_000 });

        // Flipping by hand takes over from the rollout: the dialog says so before the person confirms.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change route of customers" }).ClickAsync();
        var flip = page.Locator("#flip-dialog");
        await flip.GetByLabel("Legacy only").CheckAsync();
        await Assertions.Expect(flip.Locator("#flip-summary")).ToHaveTextAsync(
            "customers: canary 5% on new → legacy. Its running rollout pauses: resume or abort it in Rollouts.");
        await flip.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // Pause asks through the same dialog, in the card's words for the mode (was "stays on canary:5"); its reason
        // is optional.
        await card.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Pause the rollout of customers");
        await Assertions.Expect(dialog.Locator("#rollout-summary")).ToHaveTextAsync("Pause stops judging and flipping; customers stays on canary 5%.");
        await Assertions.Expect(dialog.GetByLabel("Reason (optional; recorded in the history)")).ToHaveValueAsync("");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Pause rollout" }).ClickAsync();
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync(" paused", new() { Timeout = 30_000 });
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        Assert.Empty(native);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName, "rollout-panel.png"), FullPage = true });
    }

    // Regression: Start with a blank reason started the rollout; and a refusal, had there been one, showed at the top of
    // the panel, away from the button pressed. The dialog asks for a reason before sending anything; what the gateway
    // refuses (here a reason over its 1000 characters) is said in the dialog, and beside the button once it is closed.
    [Fact]
    public async Task Operator_StartingWithABlankReason_IsAskedForOne_AndARefusalShowsBesideTheButton_UntilAStartWorks()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        await RolloutPlanFile.AddAsync(gateway, client);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 720);
        await page.SignInAsync(gateway.Url);
        var card = page.Locator("article.rollout-card[data-subdomain='customers']");
        await Assertions.Expect(card).ToContainTextAsync("not started", new() { Timeout = 30_000 });
        var sent = 0;
        page.Request += (_, r) => sent += r.Url.Contains("/ui/rollout/customers/start", StringComparison.Ordinal) ? 1 : 0;

        var dialog = page.Locator("#rollout-dialog");
        var reason = dialog.GetByLabel("Reason (required; recorded in the history)");
        var confirm = dialog.GetByRole(AriaRole.Button, new() { Name = "Start rollout" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await reason.FillAsync("   ");
        await confirm.ClickAsync();
        await Assertions.Expect(dialog.Locator("#rollout-error")).ToHaveTextAsync("Give a reason: it is recorded in the history.");
        Assert.Equal(0, sent);

        await reason.FillAsync(new string('x', 1001));
        await confirm.ClickAsync();
        await Assertions.Expect(dialog.Locator("#rollout-error")).ToHaveTextAsync(
            "Start refused: reason: must be at most 1000 characters", new() { Timeout = 30_000 });
        Assert.Equal(1, sent);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        var error = card.Locator(".rollout-actions .rollout-error");
        await Assertions.Expect(error).ToHaveTextAsync("Start refused: reason: must be at most 1000 characters");
        await page.Locator("#rollout-title").EvaluateAsync("e => e.scrollIntoView()");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName, "rollout-start-refused.png") });
        // Still there after the panel's next refreshes (every 2 s), and nothing started.
        await page.WaitForTimeoutAsync(2500);
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync(" not started");
        await Assertions.Expect(page.Locator("tr[data-subdomain='customers'] td.route .mode")).ToHaveTextAsync("legacy");

        // Opened again, the dialog starts clean.
        await card.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Assertions.Expect(reason).ToHaveValueAsync("");
        await Assertions.Expect(dialog.Locator("#rollout-error")).ToHaveTextAsync("");
        await reason.FillAsync("cutover week");
        await confirm.ClickAsync();
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync(" running", new() { Timeout = 30_000 });
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(error).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Operator_SeesEachGatesOutcome_OnceTheRolloutHasBeenEvaluated()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams,
            new Dictionary<string, string?> { ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.200" });
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var __ = client;
        // No traffic and the default minRequests: every evaluation holds, inconclusive, with the error gate's row.
        await RolloutPlanFile.AddAsync(gateway, client,
            """{"steps": [5, 25, 100], "bakeSeconds": 600, "intervalSeconds": 1, "gates": {"errorRateMargin": 0.01}}""");
        await RolloutStart.CustomersAsync(client, csrf, "evaluated");

        Assert.True(await Eventually.TrueAsync(async () =>
            (await client.GetStringAsync("/_strangler/ui/rollouts")).Contains("\"evaluations\":[{")), "no evaluation was recorded");
        await using var context = await chromium.NewContextAsync();
        var page = await SignedInPageAsync(context, gateway);

        var card = page.Locator("article.rollout-card[data-subdomain='customers']");
        await Assertions.Expect(card.Locator(".rollout-status")).ToHaveTextAsync(" running", new() { Timeout = 30_000 });
        var gate = card.Locator("table.rollout-gates tbody tr");
        await Assertions.Expect(gate).ToHaveCountAsync(1);
        await Assertions.Expect(gate.Locator("td").First).ToHaveTextAsync("errors");
        await Assertions.Expect(gate.Locator("td.outcome-inconclusive")).ToContainTextAsync("? inconclusive");
        await Assertions.Expect(card.Locator(".rollout-message")).ToContainTextAsync("hold at 5%");
    }

    [Fact]
    public async Task Operator_SeesAnEvaluationThatIsDue_AsDue_AndAnEndedRolloutWithHowLongAgo()
    {
        Assert.SkipWhen(chromium.SkipReason is not null, chromium.SkipReason ?? "");
        // No tick in the test's time: the evaluation, due a second after the start, stays due.
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams,
            new Dictionary<string, string?> { ["Strangler:Gateway:Rollout:TickInterval"] = "00:10:00" });
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var __ = client;
        await RolloutPlanFile.AddAsync(gateway, client,
            """{"steps": [5, 25, 100], "bakeSeconds": 600, "intervalSeconds": 1, "gates": {"errorRateMargin": 0.01}}""");
        await RolloutStart.CustomersAsync(client, csrf, "due");
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        await using var context = await chromium.NewContextAsync();
        var page = await SignedInPageAsync(context, gateway);

        // Was "Next evaluation in 0 s", which reads as a rollout that stopped judging.
        var card = page.Locator("article.rollout-card[data-subdomain='customers']");
        await Assertions.Expect(card.Locator(".rollout-next")).ToHaveTextAsync("Next evaluation due now (at the gateway's next tick)",
            new() { Timeout = 30_000 });

        using var abort = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/rollout/customers/abort")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { reason = "done looking" }),
        };
        abort.Headers.Add("X-CSRF-Token", csrf);
        (await client.SendAsync(abort, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        // An ended rollout says when it ended and how long ago, as the page's other times do (it had the date alone).
        await Assertions.Expect(card.Locator(".rollout-ended")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(\d+ s ago\)$"), new() { Timeout = 30_000 });
        // It keeps the step it was aborted at, marked (nothing was marked, as if it had never started).
        await Assertions.Expect(card.Locator(".rollout-steps li")).ToHaveTextAsync(["5% (aborted)", "25%", "100%"]);
        await Assertions.Expect(card.Locator(".rollout-steps li.aborted")).ToHaveAttributeAsync("title", "aborted at this step");
        // Off new, starting again is a start: only a completed rollout's reads "Restart".
        await Assertions.Expect(card.Locator(".rollout-actions button")).ToHaveTextAsync(["Start"]);
    }

    // The card's title: the sub-domain, its state's badge and "serving <mode badge>", each apart from the next.
    internal static async Task TitleAsync(ILocator card, string status, string statusClass, string mode, string modeClass)
    {
        var title = card.Locator("h3");
        var name = title.Locator(".rollout-name");
        var badge = title.Locator(".rollout-status");
        var serving = title.Locator(".rollout-serving");
        await Assertions.Expect(name).ToHaveTextAsync("customers");
        await Assertions.Expect(badge).ToHaveTextAsync(status);
        await Assertions.Expect(badge).ToHaveClassAsync(new System.Text.RegularExpressions.Regex($@"\b{statusClass}\b"));
        await Assertions.Expect(serving).ToHaveTextAsync($"serving {mode}");
        await Assertions.Expect(serving.Locator($".mode.{modeClass}")).ToHaveTextAsync(mode);
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var part in new[] { name, badge, serving })
        {
            boxes.Add(await part.BoundingBoxAsync() ?? throw new InvalidOperationException("a title part is not shown"));
        }

        // A badge has a background, so it must not touch its neighbours: at least 6 px between the parts.
        for (var i = 1; i < boxes.Count; i++)
        {
            Assert.True(boxes[i].X - (boxes[i - 1].X + boxes[i - 1].Width) >= 6,
                $"title part {i} starts {boxes[i].X - (boxes[i - 1].X + boxes[i - 1].Width):0.#} px after the one before it");
        }

        var background = await badge.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", background);
    }

    private static async Task<IPage> SignedInPageAsync(IBrowserContext context, GatewayUnderTest gateway)
    {
        var page = await context.NewPageAsync();
        await page.SignInAsync(gateway.Url);
        return page;
    }
}
