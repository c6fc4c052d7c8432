using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Strangler.Dashboard.Tests.Infrastructure;
using Strangler.Gateway.Shadow;

namespace Strangler.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed partial class DetailViewTests(Chromium chromium, Upstreams upstreams)
{
    private static readonly LocatorAssertionsToHaveTextOptions Wait = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };

    private static string ArtifactsDirectory => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    /// <summary>Signs in with every request to another origin aborted and counted: the page must need none.</summary>
    private static async Task<(IPage Page, Func<string[]> External)> OpenSignedInAsync(IBrowserContext context, string url)
    {
        var external = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await context.RouteAsync("**/*", route =>
        {
            if (route.Request.Url.StartsWith(url, StringComparison.Ordinal))
            {
                return route.ContinueAsync();
            }

            external.Enqueue(route.Request.Url);
            return route.AbortAsync();
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(url);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeVisibleAsync(Visible);
        return (page, () => [.. external]);
    }

    /// <summary>How many steps later the fetched <paramref name="data"/> starts than the chart drawn from <paramref name="chartStart"/>.</summary>
    private static int StepsBetween(string? chartStart, System.Text.Json.JsonElement data)
    {
        var drawn = DateTimeOffset.Parse(chartStart!, System.Globalization.CultureInfo.InvariantCulture);
        var fetched = data.GetProperty("start").GetDateTimeOffset();
        return (int)Math.Round((fetched - drawn).TotalSeconds / data.GetProperty("stepSeconds").GetInt32());
    }

    /// <summary>Moves the pointer over step <paramref name="index"/> of a chart, as a reader pointing at a moment.</summary>
    private static async Task PointAtStepAsync(IPage page, ILocator chart, int index, int count)
    {
        var plot = chart.Locator("svg.chart-plot");
        var box = (await plot.BoundingBoxAsync())!;
        var width = double.Parse((await plot.GetAttributeAsync("width"))!, System.Globalization.CultureInfo.InvariantCulture);
        const double left = 58, right = 14;
        var x = left + (index + 0.5) / count * (width - left - right);
        await page.Mouse.MoveAsync((float)(box.X + x / width * box.Width), box.Y + box.Height / 2);
    }

    [Fact]
    public async Task DetailView_ShowsChartsWithAxesAndLegend_ValuesOnHover_AndTheRangeChangesTheSpan()
    {
        var diffs = new RecordedDiffRates();
        diffs.Record("customers", DateTimeOffset.UtcNow.AddSeconds(-5), compared: 20, differing: 5);
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, services: s => s.AddSingleton<IShadowDiffRates>(diffs));
        var (api, csrf) = await gateway.SignedInClientAsync();
        using var _ = api;
        await gateway.SendAsync(api, "/customers/{i}", 30, "legacy");
        using (var flip = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain = "customers", mode = "new", reason = "charts" }),
        })
        {
            flip.Headers.Add("X-CSRF-Token", csrf);
            (await api.SendAsync(flip, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        await gateway.SendAsync(api, "/customers/{i}", 12, "new");
        await using var context = await chromium.NewContextAsync();
        var (page, external) = await OpenSignedInAsync(context, gateway.Url);

        await page.GetByRole(AriaRole.Link, new() { Name = "Charts of customers" }).ClickAsync();

        var detail = page.Locator("#detail");
        await Assertions.Expect(detail).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.Locator("#overview")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#detail-title")).ToHaveTextAsync("customers new", Wait);
        Assert.EndsWith("#detail/customers", page.Url);
        var charts = detail.Locator("figure.chart");
        await Assertions.Expect(charts).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        var traffic = detail.Locator("figure[data-chart='traffic']");
        var errors = detail.Locator("figure[data-chart='errors']");
        var shadow = detail.Locator("figure[data-chart='shadow']");
        await Assertions.Expect(detail.Locator("figure[data-chart='p99'] .chart-title")).ToHaveTextAsync("p99 latency");
        await Assertions.Expect(traffic.Locator(".chart-note")).ToHaveTextAsync("requests per second, 10 s steps");

        // Axes: local clock times along the bottom, values up the side; a legend naming both sides.
        var timeLabels = await traffic.Locator(".axis-x text").AllTextContentsAsync();
        Assert.InRange(timeLabels.Count, 3, 12);
        Assert.All(timeLabels, t => Assert.Matches(ClockTime(), t));
        Assert.True(await traffic.Locator(".axis-y text").CountAsync() >= 2);
        Assert.EndsWith(" ms", await detail.Locator("figure[data-chart='p99'] .axis-y text").Last.TextContentAsync());
        Assert.EndsWith(" %", await errors.Locator(".axis-y text").Last.TextContentAsync());
        await Assertions.Expect(traffic.Locator(".chart-legend li[data-series='legacy'] .name")).ToHaveTextAsync("legacy");
        await Assertions.Expect(traffic.Locator(".chart-legend li[data-series='new'] .name")).ToHaveTextAsync("new");
        Assert.Equal("7 4", await traffic.Locator("path.line.new").GetAttributeAsync("stroke-dasharray"));
        Assert.Equal("none", await traffic.Locator("path.line.legacy").GetAttributeAsync("stroke-dasharray"));

        // Hover: the legend reads the step under the pointer, and every chart's cursor moves to the same moment.
        // The steps are 10 s slots aligned to the clock, and the chart stops refreshing while a cursor is shown: this
        // fetch may start a slot or more later than the chart's own, so its index is moved by the difference of the
        // two starts (the chart names its start in data-start).
        var data = await page.EvaluateAsync<System.Text.Json.JsonElement>(
            "async () => (await fetch('ui/detail?subdomain=customers&minutes=15')).json()");
        var legacyRequests = data.GetProperty("legacy").GetProperty("requests").EnumerateArray().Select(v => v.GetInt64()).ToList();
        var busiest = legacyRequests.IndexOf(legacyRequests.Max());
        var shift = StepsBetween(await traffic.GetAttributeAsync("data-start"), data);
        await PointAtStepAsync(page, traffic, busiest + shift, legacyRequests.Count);
        await Assertions.Expect(traffic.Locator("li[data-series='legacy'] output")).ToHaveTextAsync(
            new Regex($@"/s \({legacyRequests[busiest]} requests\)$"), Wait);

        var moment = await traffic.Locator(".chart-time").TextContentAsync();
        Assert.DoesNotContain("latest", moment);
        await Assertions.Expect(errors.Locator(".chart-time")).ToHaveTextAsync(moment!, Wait);
        await Assertions.Expect(errors.Locator("g.cursor")).ToHaveAttributeAsync("display", "inline");
        await Assertions.Expect(errors.Locator("li[data-series='legacy'] output")).ToHaveTextAsync(
            $"0 % (0 of {legacyRequests[busiest]})", Wait);

        // The shadow diff rate, on the same axis, read at the step its outcomes were recorded in.
        var compared = data.GetProperty("shadow").GetProperty("compared").EnumerateArray().Select(v => v.GetInt64()).ToList();
        await PointAtStepAsync(page, shadow, compared.FindIndex(c => c > 0) + StepsBetween(await shadow.GetAttributeAsync("data-start"), data), compared.Count);
        await Assertions.Expect(shadow.Locator("li[data-series='diff rate'] output")).ToHaveTextAsync("25 % (5 of 20)", Wait);
        Assert.NotEmpty((await shadow.Locator("path.line.diff").GetAttributeAsync("d"))!);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "dashboard-detail.png"), FullPage = true });

        // A week: ten-minute steps, and the time axis labels days.
        await page.Mouse.MoveAsync(0, 0);
        await page.GetByLabel("Range").SelectOptionAsync("10080");
        await Assertions.Expect(traffic.Locator(".chart-note")).ToHaveTextAsync("requests per second, 10 min steps", Wait);
        Assert.EndsWith("#detail/customers/10080", page.Url);
        var weekLabels = await traffic.Locator(".axis-x text").AllTextContentsAsync();
        Assert.Contains(weekLabels, t => DayLabel().IsMatch(t));
        Assert.Equal(1008, (await traffic.Locator("path.line.legacy").GetAttributeAsync("d"))!.Count(c => c is 'M' or 'L'));
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "dashboard-detail-week.png"), FullPage = true });

        // Keys: a focused chart's cursor steps back from the latest step, in every chart; Escape lets it go.
        var weekPlot = traffic.Locator("svg.chart-plot");
        await weekPlot.FocusAsync();
        await weekPlot.PressAsync("ArrowLeft");
        await Assertions.Expect(traffic.Locator(".chart-time")).Not.ToContainTextAsync("latest", new() { Timeout = 30_000 });
        await Assertions.Expect(shadow.Locator("g.cursor")).ToHaveAttributeAsync("display", "inline");
        await weekPlot.PressAsync("Escape");
        await Assertions.Expect(shadow.Locator(".chart-time")).ToContainTextAsync("latest", new() { Timeout = 30_000 });

        // Back to the overview, which comes back as it was; nothing was fetched from outside the gateway.
        await page.GetByRole(AriaRole.Link, new() { Name = "← All sub-domains" }).ClickAsync();
        await Assertions.Expect(page.Locator("#overview")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(detail).ToBeHiddenAsync();
        Assert.Empty(external());
    }

    // Bug (seen as this class's arrow-key step failing now and then under load): a refresh sent before a reader pressed
    // a key, and answered after, put the charts back to "latest", so the moment they had stepped to was lost. The
    // refresh is held here until after the key press, then let through.
    [Fact]
    public async Task DetailView_ARefreshAnsweredAfterAKeyPress_KeepsTheMomentTheReaderSteppedTo()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var page = await OpenCustomersDetailAsync(gateway, context);
        var traffic = page.Locator("#detail figure[data-chart='traffic']");
        await Assertions.Expect(traffic.Locator(".chart-time")).ToContainTextAsync("latest", new() { Timeout = 30_000 });

        var refresh = await NextRefreshHeldAsync(page);
        var plot = traffic.Locator("svg.chart-plot");
        await plot.FocusAsync();
        await plot.PressAsync("ArrowLeft");
        await Assertions.Expect(traffic.Locator(".chart-time")).Not.ToContainTextAsync("latest", new() { Timeout = 30_000 });
        var moment = await traffic.Locator(".chart-time").TextContentAsync();

        var answered = page.WaitForResponseAsync(r => r.Url.Contains("/_strangler/ui/detail?", StringComparison.Ordinal));
        await refresh.ContinueAsync();
        await (await answered).FinishedAsync();
        // The page handles the answer after it arrives: give it a moment, then the reader's moment must still be shown.
        await page.EvaluateAsync("() => new Promise((resolve) => setTimeout(resolve, 500))");
        await Assertions.Expect(traffic.Locator(".chart-time")).ToHaveTextAsync(moment!);
        await Assertions.Expect(traffic.Locator("g.cursor")).ToHaveAttributeAsync("display", "inline");
    }

    // Bug (the other half of this class's arrow-key step failing now and then under load): every refresh replaced the
    // charts and a focused chart's focus fell to the page, so a keyboard reader's next arrow key did nothing. A refresh
    // that landed between the test's focus and its key press lost the press.
    [Fact]
    public async Task DetailView_AFocusedChart_KeepsTheFocusAcrossARefresh()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var page = await OpenCustomersDetailAsync(gateway, context);
        var errors = page.Locator("#detail figure[data-chart='errors']");

        // Held until the chart has the focus.
        var refresh = await NextRefreshHeldAsync(page);
        await errors.Locator("svg.chart-plot").FocusAsync();
        await page.EvaluateAsync("() => document.activeElement.dataset.old = '1'");
        await refresh.ContinueAsync();

        // Replaced (the marked plot is gone), and the focus is on the errors chart's new plot.
        await Assertions.Expect(page.Locator("svg.chart-plot[data-old]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(errors.Locator("svg.chart-plot")).ToBeFocusedAsync();
        await errors.Locator("svg.chart-plot").PressAsync("ArrowLeft");
        await Assertions.Expect(errors.Locator(".chart-time")).Not.ToContainTextAsync("latest", new() { Timeout = 30_000 });
    }

    /// <summary>Opens customers' detail view over an hour (10 s steps), with some legacy traffic drawn in it.</summary>
    private async Task<IPage> OpenCustomersDetailAsync(GatewayUnderTest gateway, IBrowserContext context)
    {
        var (api, _) = await gateway.SignedInClientAsync();
        using (api)
        {
            await gateway.SendAsync(api, "/customers/{i}", 12, "legacy");
        }

        var (page, _) = await OpenSignedInAsync(context, gateway.Url);
        await page.GotoAsync(gateway.Url + "/_strangler/#detail/customers/60");
        await Assertions.Expect(page.Locator("#detail figure[data-chart='traffic'] .chart-note")).ToHaveTextAsync(
            "requests per second, 10 s steps", Wait);
        return page;
    }

    /// <summary>
    /// The view's next refresh (it refreshes every 10 s while no moment is pointed at), held until the test lets it
    /// through; any after it go through.
    /// </summary>
    private static async Task<IRoute> NextRefreshHeldAsync(IPage page)
    {
        var held = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/_strangler/ui/detail?*", route => held.TrySetResult(route) ? Task.CompletedTask : route.FallbackAsync());
        return await held.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DetailView_WithoutShadow_SaysShadowOff_AndOpensFromItsAddress()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        await using var context = await chromium.NewContextAsync();
        var (page, external) = await OpenSignedInAsync(context, gateway.Url);

        await page.GotoAsync(gateway.Url + "/_strangler/#detail/orders/60");

        var shadow = page.Locator("#detail figure[data-chart='shadow']");
        await Assertions.Expect(shadow.Locator(".chart-empty")).ToHaveTextAsync(new Regex("^shadow off"), Wait);
        await Assertions.Expect(shadow.Locator(".chart-time")).ToHaveTextAsync(new Regex("^shadow off"));
        await Assertions.Expect(page.GetByLabel("Range")).ToHaveValueAsync("60");
        await Assertions.Expect(page.Locator("#detail figure[data-chart='traffic'] .chart-note")).ToHaveTextAsync(
            "requests per second, 10 s steps", Wait);
        await Assertions.Expect(page.Locator("#detail figure[data-chart='errors'] .chart-empty")).ToHaveTextAsync("no data in this span", Wait);
        Assert.Empty(external());
    }

    // Bug: with shadow on and nothing compared yet, the shadow chart's legend read "latest (Fri 4 09:49:50)", the start
    // of the range, before anything ran (the latest step with data fell back to the first). It says there is none, as
    // its plot does; the error rate and p99, with no requests, the same.
    [Fact]
    public async Task DetailView_AChartWithNoData_SaysSoInItsLegend_NotALatestTime()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var file = Path.Combine(gateway.RoutesDirectory, "customers.json");
        var route = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!.AsObject();
        route["shadow"] = new System.Text.Json.Nodes.JsonObject { ["noisePercentage"] = 0 };
        route["revision"] = 2;
        await File.WriteAllTextAsync(file + ".tmp", route.ToJsonString(), TestContext.Current.CancellationToken);
        File.Move(file + ".tmp", file, overwrite: true);
        var (api, _) = await gateway.SignedInClientAsync();
        using (api)
        {
            Assert.True(await Eventually.TrueAsync(async () =>
                !(await api.GetStringAsync("/_strangler/ui/detail?subdomain=customers&minutes=15")).Contains("\"shadow\":null")),
                "the shadow block was not picked up");
        }

        await using var context = await chromium.NewContextAsync();
        var (page, _) = await OpenSignedInAsync(context, gateway.Url);
        await page.GotoAsync(gateway.Url + "/_strangler/#detail/customers/15");

        var shadow = page.Locator("#detail figure[data-chart='shadow']");
        await Assertions.Expect(shadow.Locator(".chart-empty")).ToHaveTextAsync("no data in this span", Wait);
        await Assertions.Expect(shadow.Locator(".chart-time")).ToHaveTextAsync("no data in this span");
        await Assertions.Expect(shadow.Locator("li[data-series='diff rate'] output")).ToHaveTextAsync("–");
        foreach (var name in new[] { "errors", "p99" })
        {
            await Assertions.Expect(page.Locator($"#detail figure[data-chart='{name}'] .chart-time")).ToHaveTextAsync("no data in this span");
        }

        // Traffic has its zeros: that is data, read at the latest step.
        await Assertions.Expect(page.Locator("#detail figure[data-chart='traffic'] .chart-time")).ToContainTextAsync("latest (");
        // A key still steps onto the span's last step, then lets go.
        var plot = shadow.Locator("svg.chart-plot");
        await plot.FocusAsync();
        await plot.PressAsync("ArrowLeft");
        await Assertions.Expect(shadow.Locator(".chart-time")).ToHaveTextAsync(new Regex(@"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d{1,2} \d\d:\d\d:\d\d–\d\d:\d\d:\d\d$"));
        await plot.PressAsync("Escape");
        await Assertions.Expect(shadow.Locator(".chart-time")).ToHaveTextAsync("no data in this span");
    }

    [GeneratedRegex(@"^(\d\d:\d\d(:\d\d)?|(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d{1,2})$")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d{1,2}$")]
    private static partial Regex DayLabel();
}
