using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Strangler.Gateway.Tests.Logging;

/// <summary>
/// The gateway as shipped logs nothing per request; the access log, when asked for, logs exactly one line per request.
/// The hosts here keep the gateway's own logging configuration (its embedded defaults): only a recording provider is
/// added, and the configured filters apply to it as they do to the console.
/// Pins the bug where every proxied request wrote about twelve console lines (hosting, routing, the forwarder).
/// </summary>
public sealed class LoggingDefaultsTests
{
    private const string Secret = "s3cret-value-never-logged";

    [Fact]
    public async Task Defaults_ProxiedRequests_WriteNoLogLines()
    {
        await using var rig = await StartAsync();
        var log = rig.Gateway.Service<FakeLogCollector>();
        log.Clear();

        await SendAsync(rig, count: 6);

        Assert.Empty(log.GetSnapshot());
    }

    [Fact]
    public async Task AccessLogEnabled_EachProxiedRequest_WritesExactlyOneLineAndNothingElse()
    {
        await using var rig = await StartAsync(accessLog: true);
        var log = rig.Gateway.Service<FakeLogCollector>();
        log.Clear();

        await SendAsync(rig, count: 6);

        var records = log.GetSnapshot();
        Assert.Equal(6, records.Count);
        Assert.All(records, record =>
        {
            Assert.Equal("Strangler.Gateway.AccessLog", record.Category);
            Assert.Equal(LogLevel.Information, record.Level);
            var state = record.StructuredState!.ToDictionary(pair => pair.Key, pair => pair.Value);
            Assert.Equal("GET", state["Method"]);
            Assert.Equal("200", state["Status"]);
            Assert.Contains(state["Side"], new[] { "legacy", "new" });
            Assert.True(double.Parse(state["ElapsedMs"]!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        });
        var claimed = records.Where(r => r.StructuredState!.Any(p => p is { Key: "Route", Value: "customers" })).ToList();
        Assert.Equal(3, claimed.Count);
        Assert.All(claimed, r => Assert.Contains(r.StructuredState!, p => p is { Key: "Path", Value: "/customers/42" }));
        Assert.Equal(3, records.Count(r => r.StructuredState!.Any(p => p is { Key: "Route", Value: "(unclaimed)" })));
    }

    [Fact]
    public async Task AccessLog_NeverWritesHeadersCookiesOrQueryStrings()
    {
        await using var rig = await StartAsync(accessLog: true);
        var log = rig.Gateway.Service<FakeLogCollector>();
        log.Clear();

        await SendAsync(rig, count: 2);

        var records = log.GetSnapshot();
        Assert.Equal(2, records.Count);
        Assert.All(records, record =>
        {
            Assert.DoesNotContain(Secret, record.Message);
            Assert.DoesNotContain(record.StructuredState!, pair => pair.Value?.Contains(Secret) == true);
            Assert.DoesNotContain("token=", record.Message);
        });
    }

    [Theory]
    [InlineData("/customers/%1b%5b2J", @"/customers/\u001B[2J")]
    [InlineData("/customers/1%0d%0aGET%20/orders/1%20200", @"/customers/1\r\nGET /orders/1 200")]
    [InlineData("/customers/%e2%80%ae1", @"/customers/\u202E1")]
    public async Task AccessLog_WritesTheClientsControlCharactersEscaped(string sent, string logged)
    {
        // An escape sequence in a path cleared the terminal of whoever tailed the log; a carriage return let a path
        // forge what looked like a line of its own.
        await using var rig = await StartAsync(accessLog: true);
        var log = rig.Gateway.Service<FakeLogCollector>();
        log.Clear();

        using var response = await rig.Gateway.Client.GetAsync(new Uri(rig.Gateway.Url + sent), TestContext.Current.CancellationToken);

        var record = Assert.Single(log.GetSnapshot());
        Assert.Equal(logged, record.StructuredState!.Single(pair => pair.Key == "Path").Value);
        Assert.Contains(logged, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_StartNoTracePerRequest_AClientsTraceparentReachesTheUpstreamUnchanged()
    {
        // With hosting diagnostics enabled, every request got an Activity and the upstream a new traceparent naming
        // the gateway's span; the defaults turn that off (1.8 KB a request) and pass the client's header through.
        await using var rig = await StartAsync();
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var (_, servedBy, response) = await rig.Gateway.GetAsync("/customers/42", "user-1", ("traceparent", traceparent));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var upstream = servedBy!.StartsWith("new", StringComparison.Ordinal) ? rig.New : rig.Legacy;
        Assert.Equal(traceparent, Assert.Single(upstream.Requests).Headers["traceparent"]);
    }

    [Fact]
    public async Task Defaults_AreOverriddenByTheUsersConfiguration()
    {
        // The defaults sit below every source: asking for YARP's forwarder's Information lines brings them back (by
        // its own category: the defaults hold it at Error, since the gateway logs its failures itself, and a more
        // specific category wins over "Yarp").
        await using var rig = await StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Yarp.ReverseProxy.Forwarder.HttpForwarder"] = "Information",
        });
        var log = rig.Gateway.Service<FakeLogCollector>();
        log.Clear();

        await SendAsync(rig, count: 1);

        Assert.Contains(log.GetSnapshot(), record => record.Category?.StartsWith("Yarp.", StringComparison.Ordinal) == true);
    }

    private static Task<Rig> StartAsync(bool accessLog = false, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        if (accessLog)
        {
            settings["Strangler:Gateway:AccessLog:Enabled"] = "true";
        }

        return Rig.StartAsync("canary", 50, settings, services => services.AddLogging(logging => logging.AddFakeLogging()));
    }

    /// <summary>Half to the canary route, half unclaimed; every one carries secrets in headers, a cookie and the query.</summary>
    private static async Task SendAsync(Rig rig, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var path = i % 2 == 0 ? $"/customers/42?token={Secret}" : $"/elsewhere?access_token={Secret}";
            var (_, _, response) = await rig.Gateway.GetAsync(path, $"user-{i}",
                ("Authorization", $"Bearer {Secret}"), ("Cookie", $"session={Secret}"));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
    }
}
